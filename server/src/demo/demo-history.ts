/**
 * The demo's history: a few weeks of questions, answers and votes (so search, suggestions and
 * the insights page have something to show), answered by a staff member, and a brand page
 * template for canonical links.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { MemberRow, SiteRow } from '../db/database.js';
import { upsertSsoMember } from '../db/members.queries.js';
import { findPostPlace } from '../db/posts.queries.js';
import { findSiteByKey } from '../db/sites.queries.js';
import { countSiteThreads } from '../db/threads.queries.js';
import { pageUrlTemplate, setPageUrlTemplate } from '../domain/brand-pages.js';
import { createReply } from '../domain/posts.js';
import type { Services } from '../domain/services.js';
import { acceptAnswer, createThread } from '../domain/threads.js';
import { vote } from '../domain/votes.js';
import { DEMO_BOARD, DEMO_SITE_KEY } from './demo-site.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Seed {
  title: string;
  body: string;
  daysAgo: number;
  asker: number;
  /** [who, hours after asking, body]; who is 'staff' or a customer index. */
  replies: Array<['staff' | number, number, string]>;
  /** Index of the accepted reply, accepted an hour after it was written. */
  accept?: number;
}

const CUSTOMERS = ['Sofia Rossi', 'Priya Shah', 'Mateo Silva', 'Hana Sato', 'Ola Nordmann', 'Chris Okafor'];

const HISTORY: Seed[] = [
  {
    title: 'How long does shipping to Germany take?',
    body: 'Ordered the Trail Runner 2 on Monday, shipping to Berlin.',
    daysAgo: 2,
    asker: 1,
    replies: [['staff', 0.5, 'Shipping to Germany takes **2 to 3 working days**; you get a tracking link by email.']],
    accept: 0,
  },
  {
    title: 'Can I return shoes I wore on a trail once?',
    body: 'They rub at the heel after 10 km.',
    daysAgo: 5,
    asker: 2,
    replies: [
      [3, 2, 'I returned a worn pair last year, they took it back within 30 days.'],
      ['staff', 6, 'Yes: our 30-day trial covers worn shoes. Start the return from your account.'],
    ],
    accept: 1,
  },
  {
    title: 'Are the Trail Runner 2 waterproof?',
    body: 'Looking at them for wet autumn runs.',
    daysAgo: 9,
    asker: 4,
    replies: [
      [0, 1, 'Not waterproof, but they drain fast. The GTX version is waterproof.'],
      ['staff', 20, 'Right: the standard model is water-resistant; Trail Runner 2 GTX has a membrane.'],
    ],
    accept: 0,
  },
  {
    title: 'Which insoles work with a wide foot?',
    body: 'The stock insole feels narrow.',
    daysAgo: 12,
    asker: 5,
    replies: [['staff', 3, 'Try the Comfort Wide insole; it adds room at the forefoot.']],
  },
  {
    title: 'Do the laces come in other colours?',
    body: 'Would love orange laces.',
    daysAgo: 15,
    asker: 3,
    replies: [[1, 4, 'The shop sells spare laces in five colours, orange included.']],
    accept: 0,
  },
  {
    title: 'How do I clean the shoes after a muddy run?',
    body: 'Can they go in the washing machine?',
    daysAgo: 18,
    asker: 0,
    replies: [['staff', 1.5, 'Please no washing machine: rinse with cold water and a soft brush, dry away from heat.']],
    accept: 0,
  },
  {
    title: 'Is there a warranty on the sole?',
    body: 'The lugs wear quickly on asphalt.',
    daysAgo: 21,
    asker: 2,
    replies: [['staff', 30, 'Two years against defects; wear from asphalt is not a defect, sadly.']],
  },
  {
    title: 'Can I exchange for a bigger size?',
    body: 'A 42 is tight, I need a 42.5.',
    daysAgo: 24,
    asker: 4,
    replies: [
      [5, 0.5, 'Exchanges are free, I did one last month.'],
      ['staff', 5, 'Yes, exchanges are free within 30 days: choose "exchange" in your order.'],
    ],
    accept: 1,
  },
  {
    title: 'What drop do the Trail Runner 2 have?',
    body: 'Coming from zero-drop shoes.',
    daysAgo: 27,
    asker: 1,
    replies: [[2, 8, 'It is a 6 mm drop, I think.']],
  },
  {
    title: 'Do you ship to Norway?',
    body: 'And are there customs fees?',
    daysAgo: 1,
    asker: 4,
    replies: [],
  },
  {
    title: 'Will there be a winter version with spikes?',
    body: 'For icy trails in January.',
    daysAgo: 3,
    asker: 5,
    replies: [],
  },
  {
    title: 'Shipping to Austria with express delivery?',
    body: 'Need them before a race on Saturday.',
    daysAgo: 35,
    asker: 3,
    replies: [['staff', 2, 'Express to Austria arrives next working day if ordered before 2 pm.']],
    accept: 0,
  },
];

/** Seeds the demo history once: when the board has only the demo's first two threads. */
async function seedHistory(services: Services, site: SiteRow, staff: MemberRow): Promise<void> {
  if ((await countSiteThreads(services.db, site.id)) > 2) return;
  const customers: MemberRow[] = [];
  for (const [i, name] of CUSTOMERS.entries()) {
    customers.push(
      await upsertSsoMember(services.db, site.id, { externalId: `demo-customer-${i}`, name, avatarUrl: null }),
    );
  }
  const key = () => randomBytes(12).toString('base64url');
  const now = services.now().getTime();
  // The use cases take their time from the services clock: each write happens when the story says.
  const at = (time: number): Services => ({ ...services, now: () => new Date(time) });
  for (const seed of HISTORY) {
    const asked = now - seed.daysAgo * DAY;
    const asker = customers[seed.asker] as MemberRow;
    const { thread } = await createThread(
      at(asked),
      { site, member: asker },
      {
        type: 'thread.create',
        id: 'demo',
        key: key(),
        board: DEMO_BOARD,
        kind: 'question',
        title: seed.title,
        body: seed.body,
      },
    );
    const replyIds: string[] = [];
    for (const [who, hours, body] of seed.replies) {
      const member = who === 'staff' ? staff : (customers[who] as MemberRow);
      const { post } = await createReply(
        at(asked + hours * HOUR),
        { site, member },
        {
          type: 'post.create',
          id: 'demo',
          key: key(),
          threadId: thread.id,
          body,
        },
      );
      replyIds.push(post.id);
    }
    const accepted = seed.accept === undefined ? undefined : replyIds[seed.accept];
    if (accepted) {
      const hours = (seed.replies[seed.accept as number]?.[1] ?? 0) + 1;
      await acceptAnswer(
        at(asked + hours * HOUR),
        { site, member: asker },
        {
          type: 'thread.accept',
          id: 'demo',
          key: key(),
          threadId: thread.id,
          postId: accepted,
        },
      );
      for (const voter of customers.slice(0, 3)) {
        const author = await findPostPlace(services.db, accepted);
        if (!author) throw new Error(`demo post ${accepted} is gone`);
        if (author.author_id === voter.id) continue;
        await vote(
          at(asked + (hours + 2) * HOUR),
          { site, member: voter },
          {
            type: 'vote',
            id: 'demo',
            key: key(),
            postId: accepted,
            value: 1,
          },
        );
      }
    }
  }
}

export interface DemoHistoryOptions {
  publicUrl: string;
}

/** Seeds the demo site's history once, and points its thread links at the demo brand page. */
async function demoHistory(app: FastifyInstance, options: DemoHistoryOptions) {
  const site = await findSiteByKey(app.db, DEMO_SITE_KEY);
  if (!site) return;
  const staff = await upsertSsoMember(app.db, site.id, {
    externalId: 'demo-sam',
    name: 'Sam from Acme',
    avatarUrl: null,
    role: 'staff',
  });
  await seedHistory(app.services, site, staff);
  if ((await pageUrlTemplate(app.db, site.id)) === null) {
    await setPageUrlTemplate(app.db, site.id, `${options.publicUrl}/?thread={thread}`);
  }
}

export default fp(demoHistory, { name: 'booth-demo-history', dependencies: ['booth-demo'] });
