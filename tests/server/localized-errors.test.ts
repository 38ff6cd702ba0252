/**
 * The server's error messages come in the client's language: the language a socket names when it
 * opens (`/ws?site=KEY&lang=de`), else its browser's, and for HTTP the request's Accept-Language.
 * The codes stay the same in every language.
 */
import { ERROR_CODES, type ErrorCode, type ErrorMessage, type ServerMessage } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import de from '../../server/src/i18n/de.js';
import en from '../../server/src/i18n/en.js';
import ja from '../../server/src/i18n/ja.js';
import { acceptedLanguages } from '../../server/src/i18n/translators.js';
import { useBoardApp } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp({ ws: { badFrameLimit: 100_000 } });

const isError = (m: ServerMessage): m is ErrorMessage => m.type === 'error';

async function errorFor(client: TestClient, frame: string): Promise<ErrorMessage['error']> {
  const pending = client.waitFor(isError);
  client.sendRaw(frame);
  return (await pending).error;
}

const socketUrl = (lang?: string) => `${app.t.wsUrl(app.site)}${lang ? `&lang=${lang}` : ''}`;

describe('error messages on a socket', () => {
  it('come in the language the socket names, with the same codes as in English', async () => {
    const german = await TestClient.connect(socketUrl('de'));
    const english = await TestClient.connect(socketUrl());
    const frames = ['not json', '{"type":"no.such.thing","id":"raw1"}', '{"type":"thread.create","id":"raw2"}'];
    for (const frame of frames) {
      const [inGerman, inEnglish] = [await errorFor(german, frame), await errorFor(english, frame)];
      expect(inGerman.code).toBe(inEnglish.code);
      expect(inGerman.message).not.toBe(inEnglish.message);
    }
    expect(await errorFor(german, 'not json')).toEqual({ code: 'bad_json', message: de['error.bad_json'] });
    expect(await errorFor(english, 'not json')).toEqual({ code: 'bad_json', message: ERROR_CODES.bad_json });
    // A validation error names its field in German too.
    const invalid = await errorFor(german, '{"type":"thread.create","id":"raw3","key":"k1234567","board":"b"}');
    expect(invalid.code).toBe('invalid_message');
    expect(invalid.message).toMatch(/^Die Nachricht ist ungültig: Bitte \w+ prüfen\.$/);
    // For the common checks it says what is wrong, too.
    const empty = await german.request({ type: 'post.create', key: TestClient.key(), threadId: '1', body: '' });
    expect(empty).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', message: 'Die Nachricht ist ungültig: body darf nicht leer sein.' },
    });
    // A refused request (not only a bad frame) is worded in German too.
    const refused = await german.request({ type: 'post.create', key: TestClient.key(), threadId: '1', body: 'Hallo' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'auth_required', message: de['error.auth_required'] } });
    await german.close();
    await english.close();
  });

  it('word a specific refusal from the catalog in the socket language, with its code unchanged', async () => {
    const voteOnOwnPost = async (lang?: string) => {
      const client = await TestClient.connect(socketUrl(lang));
      await client.ok({ type: 'guest.join', name: lang ? 'Jonas' : 'Jo' });
      const { thread } = await client.ok({
        type: 'thread.create',
        key: TestClient.key(),
        board: 'sprachen',
        kind: 'question',
        title: 'Passen die Stiefel?',
        body: 'Ich habe breite Füße.',
      });
      const refused = await client.request({
        type: 'vote',
        key: TestClient.key(),
        postId: thread.rootPostId,
        value: 1,
      });
      await client.close();
      return refused.ok ? null : refused.error;
    };
    expect(await voteOnOwnPost('de')).toEqual({ code: 'forbidden', message: de['refusal.voteOwnPost'] });
    expect(await voteOnOwnPost()).toEqual({ code: 'forbidden', message: 'You cannot vote on your own post.' });
  });

  it('follow the browser language when the socket names none, and refuse a language Booth does not ship', async () => {
    const client = await TestClient.connect(socketUrl(), undefined, { 'accept-language': 'ja-JP, en;q=0.5' });
    expect(await errorFor(client, 'not json')).toEqual({ code: 'bad_json', message: ja['error.bad_json'] });
    await client.close();
    await expect(TestClient.connect(socketUrl('xx'))).rejects.toThrow('upgrade refused: 400');
  });
});

describe('error messages over HTTP', () => {
  it('come in the Accept-Language of the request', async () => {
    const get = (path: string, language: string) =>
      fetch(`${app.t.baseUrl}${path}`, { headers: { 'accept-language': language } });
    const missing = await get('/no/such/page', 'ja,en;q=0.8');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: ja['error.not_found'] } });
    // A refusal of a route (a thread page of an unknown site) too, and English when none is shipped.
    const unknown = await get(`/t/${'nosuchsite'}/1/x`, 'ja');
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: ja['error.not_found'] } });
    const fallback = await get('/no/such/page', 'tlh, *;q=0.1');
    expect(await fallback.json()).toEqual({ error: { code: 'not_found', message: ERROR_CODES.not_found } });
  });

  it('word a specific refusal from the catalog in the Accept-Language, with its code unchanged', async () => {
    const memberData = (language?: string) =>
      fetch(`${app.t.baseUrl}/moderate/api/members/1/data`, {
        headers: language ? { 'accept-language': language } : {},
      });
    const german = await memberData('de-DE, en;q=0.5');
    expect(german.status).toBe(401);
    expect(await german.json()).toEqual({
      error: { code: 'auth_required', message: de['refusal.staffSignInFirst'] },
    });
    const english = await memberData();
    expect(english.status).toBe(401);
    expect(await english.json()).toEqual({
      error: { code: 'auth_required', message: 'Sign in to the moderation view first.' },
    });
  });

  it('read Accept-Language by preference, leaving out refused tags', () => {
    expect(acceptedLanguages('fr;q=0.5, ja, de;q=0, *;q=0.1')).toEqual(['ja', 'fr', '*']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe('the server catalog', () => {
  it('words every error code, in English as the codes say', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect(en[`error.${code}` as keyof typeof en], code).toBe(ERROR_CODES[code]);
    }
  });
});
