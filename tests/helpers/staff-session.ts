import { randomBytes } from 'node:crypto';
import type { StaffSessionView } from '@booth/shared';
import type { MemberRow, SiteRow } from '../../server/src/db/database.js';
import { provisionAccount } from '../../server/src/domain/staff-accounts.js';
import { registerSecret } from './log-capture.js';
import type { TestApp } from './test-app.js';
import { TestClient } from './ws-client.js';

/** A signed-in staff member: their cookie, CSRF token and account. */
export interface StaffLogin {
  account: MemberRow;
  email: string;
  password: string;
  cookie: string;
  csrfToken: string;
  session: StaffSessionView;
}

/** Creates a password account with the role on the site. */
export async function addStaff(
  t: TestApp,
  site: SiteRow,
  role: 'staff' | 'owner' = 'staff',
  name = 'Sam Staff',
): Promise<{ account: MemberRow; email: string; password: string }> {
  const email = `${role}-${randomBytes(4).toString('hex')}@brand.example`;
  const { account, password } = await provisionAccount(t.database.db, site, { email, name, role });
  registerSecret('a staff password', password);
  return { account, email, password };
}

/** Posts JSON to the app as a same-origin page would. */
export async function postJson(
  t: TestApp,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.baseUrl, ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads the session cookie (name=value) from a response. */
export function cookieOf(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith('booth_staff='));
  if (!header) throw new Error('no session cookie set');
  const cookie = header.split(';')[0] as string;
  registerSecret('a session cookie', cookie.slice(cookie.indexOf('=') + 1));
  return cookie;
}

/** Signs in with email and password over HTTP. */
export async function signIn(
  t: TestApp,
  email: string,
  password: string,
): Promise<{ cookie: string; session: StaffSessionView }> {
  const response = await postJson(t, '/moderate/api/login', { email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return { cookie: cookieOf(response), session: (await response.json()) as StaffSessionView };
}

/** Creates a staff account on the site and signs it in. */
export async function staffLogin(t: TestApp, site: SiteRow, role: 'staff' | 'owner' = 'staff'): Promise<StaffLogin> {
  const { account, email, password } = await addStaff(t, site, role);
  const { cookie, session } = await signIn(t, email, password);
  return { account, email, password, cookie, csrfToken: session.csrfToken, session };
}

/** Opens the moderation view's socket with the session cookie, from the server's own origin. */
export async function connectModerator(
  t: TestApp,
  site: SiteRow,
  login: Pick<StaffLogin, 'cookie'>,
): Promise<TestClient> {
  return TestClient.connect(`${t.wsUrl(site)}&moderate=1`, t.baseUrl, { cookie: login.cookie });
}
