import { randomBytes } from 'node:crypto';
import type { SiteRow } from '../db/database.js';
import { upsertSsoMember } from '../db/members.queries.js';
import { findSiteByKey, insertSite } from '../db/sites.queries.js';
import { createReply } from '../domain/posts.js';
import type { Services } from '../domain/services.js';
import { createThread } from '../domain/threads.js';

export const DEMO_SITE_KEY = 'demo';
export const DEMO_BOARD = 'trail-runner-2';

/** People the demo page can sign in as, the way a brand's own login would through SSO. */
export const DEMO_PERSONAS = {
  customer: { sub: 'demo-alex', name: 'Alex Rivera' },
  staff: { sub: 'demo-sam', name: 'Sam from Acme', role: 'staff' as const },
};

/** Creates the demo site with a few threads the first time; later starts find it as it was. */
export async function ensureDemoSite(services: Services, publicUrl: string): Promise<SiteRow> {
  const existing = await findSiteByKey(services.db, DEMO_SITE_KEY);
  if (existing) return existing;
  const site = await insertSite(services.db, {
    publicKey: DEMO_SITE_KEY,
    name: 'Acme Outdoor',
    allowedOrigins: [publicUrl],
    ssoSecret: randomBytes(32).toString('base64url'),
  });
  const staff = await upsertSsoMember(services.db, site.id, {
    externalId: DEMO_PERSONAS.staff.sub,
    name: DEMO_PERSONAS.staff.name,
    avatarUrl: null,
    role: 'staff',
  });
  const customer = await upsertSsoMember(services.db, site.id, {
    externalId: 'demo-jordan',
    name: 'Jordan Lee',
    avatarUrl: null,
  });
  const key = () => randomBytes(12).toString('base64url');
  const asked = await createThread(
    services,
    { site, member: customer },
    {
      type: 'thread.create',
      id: 'seed-1',
      key: key(),
      board: DEMO_BOARD,
      kind: 'question',
      title: 'Do the Trail Runner 2 fit true to size?',
      body: 'I usually wear a 42 in road shoes. Should I size up for trail running with thicker socks?',
    },
  );
  await createReply(
    services,
    { site, member: staff },
    {
      type: 'post.create',
      id: 'seed-2',
      key: key(),
      threadId: asked.thread.id,
      body: 'They run true to size with a roomy toe box. With thick socks, **half a size up** is what most runners pick.',
    },
  );
  await createThread(
    services,
    { site, member: customer },
    {
      type: 'thread.create',
      id: 'seed-3',
      key: key(),
      board: DEMO_BOARD,
      kind: 'discussion',
      title: 'Favourite trails for a first ultra?',
      body: 'Planning my first 50 km this spring. Where did you run yours?',
    },
  );
  return site;
}
