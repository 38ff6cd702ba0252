/**
 * The Install tab's SSO examples work: each backend's code, run by its own interpreter (Node
 * with node, Python with python3, PHP with php when this machine has it), signs a token that
 * Booth accepts, staff role included, and that signs in only once (its jti). The examples read
 * the time from the system clock, as a brand's server does; a child process under libfaketime
 * starts its own clock, so the server under test is set to a second after the token's `iat`
 * before each sign-in, as a server on a clock in step with the brand's would be.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSO_EXAMPLES, type SsoExample } from '../../moderate/src/install/sso-examples.js';
import { expectRefused, useBoardApp } from '../helpers/actors.js';
import { registerSecret } from '../helpers/log-capture.js';

const run = promisify(execFile);
/** The server's clock: a second after the last token's `iat` (see above). */
let clock = new Date(0);
const app = useBoardApp({ live: { now: () => clock } });
let dir: string;

/** The program that runs each example. */
const INTERPRETERS: Record<SsoExample['id'], string> = { node: 'node', python: 'python3', php: 'php' };

async function installed(command: string): Promise<boolean> {
  try {
    await run(command, ['--version']);
    return true;
  } catch {
    return false;
  }
}

const available = new Map<string, boolean>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'booth-sso-examples-'));
  for (const command of Object.values(INTERPRETERS)) available.set(command, await installed(command));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Runs an example as the brand's backend would, with the site's secret, and returns the token it printed. */
async function tokenFrom(example: SsoExample, user: Record<string, unknown>): Promise<string> {
  const file = join(dir, `${example.id}-example.${example.extension}`);
  await writeFile(file, example.code + example.printsTokenFor);
  const { stdout } = await run(INTERPRETERS[example.id], [file, JSON.stringify(user)], {
    env: { ...process.env, BOOTH_SSO_SECRET: app.site.sso_secret },
  });
  const token = stdout.trim();
  registerSecret('an SSO token from an example', token);
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  expect(claims.exp - claims.iat).toBe(600);
  // In seconds, and of this machine's time (the two clocks may differ by how long this process has run).
  expect(Math.abs(claims.iat * 1000 - Date.now())).toBeLessThan(3_600_000);
  clock = new Date(claims.iat * 1000 + 1000);
  return token;
}

describe.each(SSO_EXAMPLES)('the $label example', (example) => {
  const command = INTERPRETERS[example.id];

  it('signs a token Booth accepts, once', async (context) => {
    if (!available.get(command)) context.skip(`${command} is not installed`);
    const name = `Zoë ${example.label}`;
    const token = await tokenFrom(example, { id: `${example.id}-42`, name });
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const client = await app.reader();
    const { me } = await client.ok({ type: 'hello', sso: token });
    expect(me).toMatchObject({ name, role: 'customer', guest: false });
    await client.close();
    const again = await app.reader();
    await expectRefused(again.request({ type: 'hello', sso: token }), 'invalid_token');
    await again.close();
  });

  it('carries the avatar and the staff role', async (context) => {
    if (!available.get(command)) context.skip(`${command} is not installed`);
    const user = { id: `${example.id}-staff`, name: `${example.label} Agent`, staff: true };
    const withAvatar = { ...user, avatarUrl: 'https://cdn.example/a.png', avatar_url: 'https://cdn.example/a.png' };
    const client = await app.reader();
    const { me } = await client.ok({ type: 'hello', sso: await tokenFrom(example, withAvatar) });
    expect(me).toMatchObject({ name: user.name, role: 'staff', avatarUrl: 'https://cdn.example/a.png' });
    await client.close();
  });

  it('signs nothing Booth accepts with another secret', async (context) => {
    if (!available.get(command)) context.skip(`${command} is not installed`);
    const file = join(dir, `${example.id}-forged.${example.extension}`);
    await writeFile(file, example.code + example.printsTokenFor);
    const { stdout } = await run(command, [file, JSON.stringify({ id: 'x', name: 'Mallory' })], {
      env: { ...process.env, BOOTH_SSO_SECRET: 'not-the-site-secret' },
    });
    const claims = JSON.parse(Buffer.from(stdout.trim().split('.')[1] ?? '', 'base64url').toString('utf8'));
    clock = new Date(claims.iat * 1000 + 1000);
    const client = await app.reader();
    await expectRefused(client.request({ type: 'hello', sso: stdout.trim() }), 'invalid_token');
    await client.close();
  });
});
