import { DEFAULT_SITE_POLICY, type SitePolicySettings } from '@booth/shared';
import { renderMarkdown } from '../../server/src/domain/markdown.js';
import { compileBlocklist, defaultBlocklist } from '../../server/src/domain/policy/blocklist.js';
import { foldText, linkFacts } from '../../server/src/domain/policy/policy-text.js';
import type { PolicyContext } from '../../server/src/domain/policy/verdict.js';

export interface Situation {
  text?: string;
  policy?: Partial<SitePolicySettings>;
  author?: Partial<PolicyContext['author']>;
  post?: Partial<Pick<PolicyContext['post'], 'kind' | 'composeMs'>>;
  sameText?: Partial<PolicyContext['sameText']>;
  recent?: PolicyContext['recent'];
  now?: Date;
}

/** A context as the loader builds it, from a post's text and who wrote it. */
export function policyContext({
  text = 'Does it run small?',
  policy = {},
  author = {},
  post = {},
  sameText = {},
  recent = null,
  now = new Date('2026-06-01T12:00:00Z'),
}: Situation): PolicyContext {
  const full = { ...DEFAULT_SITE_POLICY, ...policy };
  const links = linkFacts(text, renderMarkdown(text));
  return {
    policy: full,
    blocklists: [
      compileBlocklist(full.blockedWords, full.blockedDomains),
      ...(full.useDefaultBlocklist ? [defaultBlocklist()] : []),
    ],
    author: { role: 'customer', guest: true, trustLevel: 0, hasApprovedPost: false, foldedName: 'robin', ...author },
    post: {
      kind: 'reply',
      composeMs: null,
      linksByHost: links.byHost,
      folded: foldText(text),
      linkCount: links.count,
      linkedHosts: links.linkedHosts,
      hosts: links.hosts,
      ...post,
    },
    sameText: { byAuthor: false, byOthers: false, ...sameText },
    recent,
    now,
    ownHosts: ['brand.example'],
  };
}
