import { BADGE_RULES } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const HOUR = 3_600_000;
/** The server's clock, moved by the tests: questions, replies and the badge's period follow it. */
let clock = Date.parse('2026-11-20T09:00:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) } });
/** A name with markup in it: the SVG must show it as text. */
const SITE_NAME = 'Acme <Tools> & "Co"';
const board = freshBoard('badge');

let asker: Visitor;
let helper: Visitor;
let staff: TestClient;

/** What the tests did, from which the badge's figures are worked out here. */
const asked: { answered: boolean; staffDelayMs: number | null }[] = [];

/** Asks a question now; staff reply after `staffDelayMs` (or never); the helper's reply is accepted if `answered`. */
async function question(answered: boolean, staffDelayMs: number | null, counted = true): Promise<void> {
  const start = clock;
  const { thread } = await ask(asker.client, board, { title: `Question ${asked.length} of the badge test` });
  if (staffDelayMs !== null) {
    clock = start + staffDelayMs;
    await answer(staff, thread.id, 'Staff here: this is how it works.');
  }
  if (answered) {
    clock += 60_000;
    const { post } = await answer(helper.client, thread.id, 'This worked for me.');
    await asker.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
  }
  clock = start + HOUR;
  if (counted) asked.push({ answered, staffDelayMs });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function badgeOverSocket() {
  const reader = await app.reader();
  const { site } = await reader.ok({ type: 'hello' });
  const { badge } = await reader.ok({ type: 'badge' });
  await reader.close();
  return { shown: site.answerBadge, badge };
}

const svg = async () => (await fetch(`${app.t.baseUrl}/b/${app.site.public_key}/answers.svg`)).text();

beforeAll(async () => {
  await app.t.database.db.updateTable('sites').set({ name: SITE_NAME }).where('id', '=', app.site.id).execute();
  asker = await app.guest('Asker');
  helper = await app.guest('Helper');
  // Signed with the server's (moved) clock, which is what it checks the token against.
  staff = await TestClient.connect(app.t.wsUrl(app.site));
  const sso = await signSso(
    app.site,
    { sub: 'agent-1', name: 'Sam from Support', role: 'staff' },
    { now: new Date(clock) },
  );
  await staff.ok({ type: 'hello', sso });
  // Forty days ago, outside the 30-day period: never counted.
  const now = clock;
  clock = now - 40 * 24 * HOUR;
  await question(false, null, false);
  clock = now;
});

describe('the public answer badge', () => {
  it('stays hidden while the site has it off, and below the minimum of questions', async () => {
    for (let i = 0; i < BADGE_RULES.minQuestions - 1; i++) await question(true, null);
    expect(await badgeOverSocket()).toEqual({ shown: false, badge: null });

    const owner = await staffLogin(app.t, app.site, 'owner');
    const moderator = await connectModerator(app.t, app.site, owner);
    const settings = await moderator.ok({ type: 'staff.settings.update', key: TestClient.key(), answerBadge: true });
    expect(settings.answerBadge).toBe(true);
    expect(settings.answerBadgeUrl).toBe(`http://localhost:3000/b/${app.site.public_key}/answers.svg`);
    await moderator.close();

    // On, but nine questions in the period: still hidden, and the SVG is empty.
    expect(await badgeOverSocket()).toEqual({ shown: true, badge: null });
    expect(await svg()).not.toContain('<text');
  });

  it('says the share answered and the median first staff reply of the last 30 days', async () => {
    // Staff first replies after these delays; one more question nobody answers.
    for (const minutes of [30, 60, 120, 150, 180, 300, 480]) await question(true, minutes * 60_000);
    await question(false, null);
    clock += 3 * 24 * HOUR;

    const answered = asked.filter((q) => q.answered).length;
    const percent = Math.round((100 * answered) / asked.length);
    const delays = asked.flatMap((q) => (q.staffDelayMs === null ? [] : [q.staffDelayMs / 1000]));
    const hours = Math.ceil(median(delays) / 3600);
    expect({ asked: asked.length, answered, percent, hours }).toEqual({
      asked: 17,
      answered: 16,
      percent: 94,
      hours: 3,
    });

    const { badge } = await badgeOverSocket();
    expect(badge).toEqual({ site: SITE_NAME, asked: asked.length, percent, medianSeconds: median(delays) });

    const text = `${SITE_NAME} answers ${percent}% of questions, most within ${hours} hours`;
    const image = await svg();
    const escaped = text.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;');
    expect(image).toContain(`<title>${escaped}</title>`);
    expect(image).not.toContain('<Tools>');
  });

  it('drops questions as they leave the period', async () => {
    // 31 days on, every question of the tests has left the period: hidden again.
    clock += 31 * 24 * HOUR;
    expect((await badgeOverSocket()).badge).toBeNull();
  });
});
