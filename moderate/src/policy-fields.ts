import type { BoardCreationSettings, SitePolicySettings } from '@booth/shared';
import { html, type TemplateResult } from 'lit';

/** A number input for one policy figure; its name is the figure's path in the policy. */
function numberField(label: string, name: string, value: number): TemplateResult {
  return html`<label class="figure">${label} <input type="number" min="0" step="1" name=${name} .value=${String(value)} /></label>`;
}

const CREATION_CHOICES: { value: BoardCreationSettings['creation']; label: string }[] = [
  { value: 'first_view', label: 'Any board the embed names, on first view' },
  { value: 'list', label: 'Only the boards listed below' },
  { value: 'pattern', label: 'Only names that match the pattern below' },
  { value: 'staff', label: 'Only when staff open or post to a board' },
];

/** Which new board names create a board. */
function renderBoardFields(b: BoardCreationSettings): TemplateResult {
  return html`<fieldset>
    <legend>New boards</legend>
    <label>Create a board for a new name
      <select name="boards.creation">
        ${CREATION_CHOICES.map((c) => html`<option value=${c.value} ?selected=${b.creation === c.value}>${c.label}</option>`)}
      </select>
    </label>
    <label>Boards that may be created (one name per line)
      <textarea name="boards.list">${b.list.join('\n')}</textarea>
    </label>
    <label>Pattern of names that may be created (* stands for any characters, e.g. product-*)
      <input type="text" name="boards.pattern" .value=${b.pattern} />
    </label>
  </fieldset>`;
}

/** The spam policy, rate limits and board creation of the site settings form. */
export function renderPolicyFields(p: SitePolicySettings): TemplateResult {
  const r = p.rateLimits;
  return html`${renderBoardFields(p.boards)}
  <fieldset>
    <legend>Spam policy</legend>
    ${numberField('Links a new guest may post', 'guestLinkLimit', p.guestLinkLimit)}
    ${numberField('Links a new signed-in member may post', 'memberLinkLimit', p.memberLinkLimit)}
    <label class="inline"><input type="checkbox" name="useDefaultBlocklist" ?checked=${p.useDefaultBlocklist} /> Use Booth's built-in list of follower- and like-selling terms and domains</label>
    <label>Blocked words or phrases (one per line; a match is held for review)
      <textarea name="blockedWords">${p.blockedWords.join('\n')}</textarea>
    </label>
    <label>Blocked link domains (one per line; subdomains included)
      <textarea name="blockedDomains">${p.blockedDomains.join('\n')}</textarea>
    </label>
    ${numberField('Minutes in which the same text is refused as a duplicate (0: off)', 'duplicateWindowMinutes', p.duplicateWindowMinutes)}
    ${numberField('Approved posts before a member is trusted (0: only staff promote)', 'trustAfterApprovedPosts', p.trustAfterApprovedPosts)}
    ${numberField('Distinct reports that hide a post for review', 'reportThreshold', p.reportThreshold)}
    ${numberField('Links a new member may make to one domain in 24 hours, across posts (0: off)', 'linksPerDomainPerDay', p.linksPerDomainPerDay)}
    ${numberField('Seconds of writing under which a new member’s post with links, or first post, is held (0: off)', 'minComposeSeconds', p.minComposeSeconds)}
  </fieldset>
  <fieldset>
    <legend>First day of a member (24 hours from their first post; 0: no limit)</legend>
    ${numberField('Threads a new member may start', 'firstDay.level0.threads', p.firstDayLimits.level0.threads)}
    ${numberField('Replies a new member may post', 'firstDay.level0.replies', p.firstDayLimits.level0.replies)}
    ${numberField('Threads a trusted member may start', 'firstDay.level1.threads', p.firstDayLimits.level1.threads)}
    ${numberField('Replies a trusted member may post', 'firstDay.level1.replies', p.firstDayLimits.level1.replies)}
  </fieldset>
  <fieldset>
    <legend>Rate limits per minute (0: off)</legend>
    ${numberField('Posts per member', 'posts.member', r.posts.member)}
    ${numberField('Posts per address', 'posts.ip', r.posts.ip)}
    ${numberField('Posts on the whole site', 'posts.site', r.posts.site)}
    ${numberField('Writes per member', 'writes.member', r.writes.member)}
    ${numberField('Writes per address', 'writes.ip', r.writes.ip)}
    ${numberField('Writes on the whole site', 'writes.site', r.writes.site)}
    ${numberField('Sign-ins per address', 'signIns.ip', r.signIns.ip)}
    ${numberField('Sign-ins on the whole site', 'signIns.site', r.signIns.site)}
    ${numberField('Picture uploads per member', 'uploads.member', r.uploads.member)}
    ${numberField('Picture uploads per address', 'uploads.ip', r.uploads.ip)}
    ${numberField('Picture uploads on the whole site', 'uploads.site', r.uploads.site)}
  </fieldset>
  <fieldset>
    <legend>Pictures in posts</legend>
    ${numberField('Megabytes all pictures of the site may take (0: no uploads)', 'imageQuotaMegabytes', p.imageQuotaMegabytes)}
  </fieldset>`;
}

const lines = (data: FormData, name: string) =>
  String(data.get(name) ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Reads the policy back from the form; the server validates every figure and names a bad one. */
export function readPolicyFields(data: FormData, premoderateFirstPosts: boolean): SitePolicySettings {
  const n = (name: string) => Number(data.get(name) ?? 0);
  return {
    guestLinkLimit: n('guestLinkLimit'),
    memberLinkLimit: n('memberLinkLimit'),
    premoderateFirstPosts,
    useDefaultBlocklist: data.get('useDefaultBlocklist') === 'on',
    blockedWords: lines(data, 'blockedWords'),
    blockedDomains: lines(data, 'blockedDomains'),
    duplicateWindowMinutes: n('duplicateWindowMinutes'),
    trustAfterApprovedPosts: n('trustAfterApprovedPosts'),
    reportThreshold: n('reportThreshold'),
    linksPerDomainPerDay: n('linksPerDomainPerDay'),
    minComposeSeconds: n('minComposeSeconds'),
    imageQuotaMegabytes: n('imageQuotaMegabytes'),
    firstDayLimits: {
      level0: { threads: n('firstDay.level0.threads'), replies: n('firstDay.level0.replies') },
      level1: { threads: n('firstDay.level1.threads'), replies: n('firstDay.level1.replies') },
    },
    rateLimits: {
      posts: { member: n('posts.member'), ip: n('posts.ip'), site: n('posts.site') },
      writes: { member: n('writes.member'), ip: n('writes.ip'), site: n('writes.site') },
      signIns: { ip: n('signIns.ip'), site: n('signIns.site') },
      uploads: { member: n('uploads.member'), ip: n('uploads.ip'), site: n('uploads.site') },
    },
    boards: {
      creation: String(data.get('boards.creation') ?? 'first_view') as BoardCreationSettings['creation'],
      list: lines(data, 'boards.list'),
      pattern: String(data.get('boards.pattern') ?? '').trim(),
    },
  };
}
