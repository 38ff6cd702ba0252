import { holdBlockedDomains } from './phases/hold-blocked-domains.js';
import { holdBlockedNames } from './phases/hold-blocked-names.js';
import { holdBlockedWords } from './phases/hold-blocked-words.js';
import { holdExcessLinks } from './phases/hold-excess-links.js';
import { holdFirstPost } from './phases/hold-first-post.js';
import { holdLinkRuns } from './phases/hold-link-runs.js';
import { holdTypedFast } from './phases/hold-typed-fast.js';
import { refuseDuplicates } from './phases/refuse-duplicates.js';
import { refuseFirstDayExcess } from './phases/refuse-first-day-excess.js';
import { staffExempt } from './phases/staff-exempt.js';
import { ALLOW, type Phase, type PolicyContext, type Verdict } from './verdict.js';

/**
 * The spam policy, in order: the first rule with a verdict decides. Refusals come before holds
 * (a duplicate is not worth a moderator's time), and the holds with the most telling reason first.
 * A rule is one pure function of the loaded context (`phases/`): a new rule is a new file added
 * here, with the site setting that tunes or turns it off in the site policy.
 */
export const PHASES: readonly Phase[] = [
  staffExempt,
  refuseFirstDayExcess,
  refuseDuplicates,
  holdBlockedDomains,
  holdBlockedWords,
  holdBlockedNames,
  holdExcessLinks,
  holdLinkRuns,
  holdTypedFast,
  holdFirstPost,
];

/** Runs the policy over one post. */
export function evaluatePolicy(ctx: PolicyContext, phases: readonly Phase[] = PHASES): Verdict {
  for (const phase of phases) {
    const verdict = phase(ctx);
    if (verdict) return verdict;
  }
  return ALLOW;
}
