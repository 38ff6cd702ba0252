import { createTranslator } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaffConnectionController } from '../../moderate/src/controllers/staff-connection.js';
import en from '../../moderate/src/i18n/en.js';
import {
  allowedTab,
  banDaysFrom,
  failureOutcome,
  holdReasonText,
  parseOrigins,
  queueCounts,
  visibleTabs,
} from '../../moderate/src/state/desk-state.js';
import { FakeSocket, fakeHost } from './widget-fake-socket.js';

const english = createTranslator('en', en);

describe('moderation view state', () => {
  it('shows settings, install and staff tabs to owners only, and re-check to all staff', () => {
    expect(visibleTabs(false).map((t) => t.id)).not.toContain('settings');
    expect(visibleTabs(false).map((t) => t.id)).not.toContain('install');
    expect(visibleTabs(false).map((t) => t.id)).not.toContain('staff');
    expect(visibleTabs(false).map((t) => t.id)).toContain('recheck');
    expect(visibleTabs(true).map((t) => t.id)).toEqual(
      expect.arrayContaining(['settings', 'install', 'staff', 'recheck']),
    );
    expect(allowedTab('settings', false)).toBe('unanswered');
    expect(allowedTab('settings', true)).toBe('settings');
    expect(allowedTab('audit', false)).toBe('audit');
  });

  it('counts the three queues for the tab badges', () => {
    expect(queueCounts({ unanswered: [1, 2], reports: [], pending: [1] })).toEqual({
      unanswered: 2,
      reports: 0,
      pending: 1,
    });
  });

  it('ends the session on session_expired and auth_required, and shows other refusals', () => {
    expect(failureOutcome(new RequestError({ code: 'session_expired', message: 'Expired.' }), english)).toEqual({
      endSession: true,
      text: 'Expired.',
    });
    expect(failureOutcome(new RequestError({ code: 'auth_required', message: 'Sign in.' }), english).endSession).toBe(
      true,
    );
    expect(failureOutcome(new RequestError({ code: 'forbidden', message: 'No.' }), english)).toEqual({
      endSession: false,
      text: 'No.',
    });
  });

  it('words hold reasons, reads origins and ban lengths', () => {
    expect(holdReasonText(english, 'links: 3 links')).toBe('too many links (3 links)');
    expect(holdReasonText(english, 'first_post: first post of a new member')).toBe('first post of a new member');
    expect(holdReasonText(english, 'reports: 3 members reported it')).toBe('3 members reported it');
    expect(holdReasonText(english, 'plain')).toBe('plain');
    expect(parseOrigins(' https://a.example\n\nhttps://b.example  ')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(banDaysFrom('forever')).toBeNull();
    expect(banDaysFrom('30')).toBe(30);
    expect(banDaysFrom(undefined)).toBe(7);
  });
});

describe('moderation view connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function controller() {
    const calls: string[] = [];
    const live = new StaffConnectionController(
      fakeHost,
      {
        onLive: () => calls.push('live'),
        onChange: () => calls.push('change'),
        onDrop: () => calls.push('drop'),
      },
      (url) => new FakeSocket(url) as unknown as WebSocket,
    );
    live.hostConnected();
    live.start('shop', { protocol: 'https:', host: 'booth.test' });
    return { live, calls, socket: () => FakeSocket.all.at(-1) as FakeSocket };
  }

  it('subscribes to the staff feed on the moderate socket, then is live', async () => {
    const { live, calls, socket } = controller();
    expect(socket().url).toBe('wss://booth.test/ws?site=shop&moderate=1');
    socket().open();
    await vi.advanceTimersByTimeAsync(0);
    socket().answer('staff.subscribe', {
      me: {},
      site: { key: 'shop', name: 'Shop' },
      boards: [],
      staffOnline: 2,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(live.live).toBe(true);
    expect(live.staffOnline).toBe(2);
    expect(calls).toEqual(['live']);
  });

  it('reports board and staff events as changes, and a drop, then subscribes again', async () => {
    const { live, calls, socket } = controller();
    socket().open();
    await vi.advanceTimersByTimeAsync(0);
    socket().answer('staff.subscribe', { me: {}, site: { key: 'shop', name: 'Shop' }, boards: [], staffOnline: 1 });
    await vi.advanceTimersByTimeAsync(0);
    socket().push({ type: 'event', board: 'b', seq: 1, event: { kind: 'thread.removed', threadId: '1' } });
    socket().onmessage?.({
      data: JSON.stringify({
        type: 'event',
        board: 'b',
        seq: 2,
        event: { kind: 'report.created', postId: '1', threadId: '2' },
      }),
    });
    socket().drop();
    expect(calls).toEqual(['live', 'change', 'change', 'drop']);
    expect(live.live).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.all).toHaveLength(2);
    socket().open();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket().sent.map((f) => f.type)).toEqual(['staff.subscribe']);
  });

  it('closes for good on stop', async () => {
    const { live, socket } = controller();
    socket().open();
    live.stop();
    expect(live.connection).toBeNull();
    expect(socket().readyState).toBe(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
