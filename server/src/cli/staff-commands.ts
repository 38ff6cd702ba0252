/**
 * The `booth site …` and `booth staff …` commands: create a site with its owner, add staff,
 * reset a password. They work on the database directly, so they need no running server.
 */
import { parseArgs } from 'node:util';
import { check, DEFAULT_LANGUAGE, LANGUAGES, OriginSchema } from '@booth/shared';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import type { BoothConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { findSiteByKey } from '../db/sites.queries.js';
import { findMemberByEmail } from '../db/staff-members.queries.js';
import { clearFailures } from '../db/staff-sign-in.queries.js';
import { DomainError } from '../domain/domain-error.js';
import { embedSnippet } from '../domain/site-settings.js';
import { createSiteWithOwner, provisionAccount, resetPassword } from '../domain/staff-accounts.js';
import { resetTwoFactor } from '../domain/staff-two-factor.js';
import { required } from './cli-arguments.js';

export const STAFF_USAGE = `  site create --name NAME --owner-email EMAIL [--owner-name NAME]
              [--origin https://shop.example.com ...] [--key KEY] [--password PASSWORD]
              [--language en|de|fr|es|pt-BR|ja|ar]
              create a site and its owner; prints the site key, SSO secret, password and embed tag
  staff add --site KEY --email EMAIL --name NAME [--role staff|owner] [--password PASSWORD]
              give someone a staff (or owner) account; prints the password
  staff password --site KEY --email EMAIL [--password PASSWORD]
              set a new password for a staff account, end its sessions and lift a lockout
  staff unlock --site KEY --email EMAIL
              lift a lockout after too many failed sign-ins
  staff two-factor-off --site KEY --email EMAIL
              turn off an account's two-factor sign-in (a lost phone without recovery codes)
`;

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('must be an email address'));

function email(value: string): string {
  const result = check(Email, value);
  if (!result.ok) throw new DomainError('invalid_message', `--email: ${result.error.message}`);
  return result.value;
}

/** Runs a `site` or `staff` command; returns the exit code, or null when the command is not one of them. */
export async function runStaffCommand(
  args: string[],
  db: () => Promise<Kysely<Database>>,
  config: Pick<BoothConfig, 'publicUrl'>,
  out: (text: string) => void,
): Promise<number | null> {
  const [group, action, ...rest] = args;
  const options = {
    name: { type: 'string' },
    'owner-email': { type: 'string' },
    'owner-name': { type: 'string' },
    origin: { type: 'string', multiple: true },
    key: { type: 'string' },
    password: { type: 'string' },
    site: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    language: { type: 'string' },
  } as const;
  if (group === 'site' && action === 'create') {
    const { values } = parseArgs({ args: rest, options, strict: true });
    const origins = (values.origin ?? []).map((o) => {
      const result = check(OriginSchema, o);
      if (!result.ok) throw new DomainError('invalid_message', `--origin ${o}: ${result.error.message}`);
      return result.value.toLowerCase();
    });
    const ownerEmail = email(required(values, 'owner-email'));
    const language = LANGUAGES.find((l) => l === (values.language ?? DEFAULT_LANGUAGE));
    if (!language) {
      throw new DomainError('invalid_message', `--language ${values.language}: must be one of ${LANGUAGES.join(', ')}`);
    }
    const { site, owner, password } = await createSiteWithOwner(await db(), {
      name: required(values, 'name'),
      origins,
      ownerEmail,
      ownerName: values['owner-name'] ?? ownerEmail.split('@')[0] ?? 'Owner',
      password: values.password,
      key: values.key,
      language,
    });
    out(
      [
        `Created site "${site.name}".`,
        `  site key:      ${site.public_key}`,
        `  SSO secret:    ${site.sso_secret}`,
        `  origins:       ${site.allowed_origins.join(', ') || '(none yet: add them in the moderation view)'}`,
        `  language:      ${site.language}`,
        `  owner:         ${owner.email}`,
        `  password:      ${password}   (shown once)`,
        `  sign in at:    ${config.publicUrl}/moderate/`,
        `  embed:         ${embedSnippet(config.publicUrl, site.public_key)}`,
        '',
      ].join('\n'),
    );
    return 0;
  }
  if (group === 'staff' && (action === 'unlock' || action === 'two-factor-off')) {
    const { values } = parseArgs({ args: rest, options, strict: true });
    const database = await db();
    const site = await findSiteByKey(database, required(values, 'site'));
    if (!site) throw new DomainError('unknown_site', `No site has the key ${values.site}.`);
    const member = await findMemberByEmail(database, site.id, email(required(values, 'email')));
    if (!member || member.role === 'customer') throw new DomainError('not_found', 'No staff account uses this email.');
    if (action === 'unlock') {
      await clearFailures(database, member.id);
      out(`Unlocked ${member.email}.\n`);
    } else {
      await resetTwoFactor(database, member.id);
      out(`Two-factor sign-in is off for ${member.email}; they can turn it on again after signing in.\n`);
    }
    return 0;
  }
  if (group === 'staff' && (action === 'add' || action === 'password')) {
    const { values } = parseArgs({ args: rest, options, strict: true });
    const database = await db();
    const site = await findSiteByKey(database, required(values, 'site'));
    if (!site) throw new DomainError('unknown_site', `No site has the key ${values.site}.`);
    if (action === 'add') {
      const role = values.role ?? 'staff';
      if (role !== 'staff' && role !== 'owner')
        throw new DomainError('invalid_message', '--role must be staff or owner');
      const { account, password } = await provisionAccount(database, site, {
        email: email(required(values, 'email')),
        name: required(values, 'name'),
        role,
        password: values.password,
      });
      out(`Added ${account.role} ${account.email} to "${site.name}".\n  password: ${password}   (shown once)\n`);
      return 0;
    }
    const { account, password } = await resetPassword(
      database,
      site,
      email(required(values, 'email')),
      values.password,
    );
    out(`New password for ${account.email}: ${password}   (shown once; other sessions were ended)\n`);
    return 0;
  }
  return null;
}
