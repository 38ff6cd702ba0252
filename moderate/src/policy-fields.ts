import type { BoardCreationSettings, SitePolicySettings } from '@booth/shared';
import { html, type TemplateResult } from 'lit';
import type { Strings } from './i18n/strings.js';

/** A number input for one policy figure; its name is the figure's path in the policy. */
function numberField(label: string, name: string, value: number): TemplateResult {
  return html`<label class="figure">${label} <input type="number" min="0" step="1" name=${name} .value=${String(value)} /></label>`;
}

const CREATION_CHOICES: readonly BoardCreationSettings['creation'][] = ['first_view', 'list', 'pattern', 'staff'];

/** Which new board names create a board. */
function renderBoardFields(strings: Strings, b: BoardCreationSettings): TemplateResult {
  const { t } = strings;
  return html`<fieldset>
    <legend>${t('policy.boards')}</legend>
    <label>${t('policy.creation')}
      <select name="boards.creation">
        ${CREATION_CHOICES.map((c) => html`<option value=${c} ?selected=${b.creation === c}>${t(`policy.creation.${c}`)}</option>`)}
      </select>
    </label>
    <label>${t('policy.boardList')}
      <textarea name="boards.list" dir="ltr">${b.list.join('\n')}</textarea>
    </label>
    <label>${t('policy.boardPattern')}
      <input type="text" name="boards.pattern" dir="ltr" .value=${b.pattern} />
    </label>
  </fieldset>`;
}

/** The spam policy, rate limits and board creation of the site settings form. */
export function renderPolicyFields(strings: Strings, p: SitePolicySettings): TemplateResult {
  const { t } = strings;
  const r = p.rateLimits;
  return html`${renderBoardFields(strings, p.boards)}
  <fieldset>
    <legend>${t('policy.spam')}</legend>
    ${numberField(t('policy.guestLinkLimit'), 'guestLinkLimit', p.guestLinkLimit)}
    ${numberField(t('policy.memberLinkLimit'), 'memberLinkLimit', p.memberLinkLimit)}
    <label class="inline"><input type="checkbox" name="useDefaultBlocklist" ?checked=${p.useDefaultBlocklist} /> ${t('policy.defaultBlocklist')}</label>
    <label>${t('policy.blockedWords')}
      <textarea name="blockedWords">${p.blockedWords.join('\n')}</textarea>
    </label>
    <label>${t('policy.blockedDomains')}
      <textarea name="blockedDomains" dir="ltr">${p.blockedDomains.join('\n')}</textarea>
    </label>
    ${numberField(t('policy.duplicateWindow'), 'duplicateWindowMinutes', p.duplicateWindowMinutes)}
    ${numberField(t('policy.trustAfter'), 'trustAfterApprovedPosts', p.trustAfterApprovedPosts)}
    ${numberField(t('policy.reportThreshold'), 'reportThreshold', p.reportThreshold)}
    ${numberField(t('policy.linksPerDomain'), 'linksPerDomainPerDay', p.linksPerDomainPerDay)}
    ${numberField(t('policy.minCompose'), 'minComposeSeconds', p.minComposeSeconds)}
  </fieldset>
  <fieldset>
    <legend>${t('policy.firstDay')}</legend>
    ${numberField(t('policy.level0.threads'), 'firstDay.level0.threads', p.firstDayLimits.level0.threads)}
    ${numberField(t('policy.level0.replies'), 'firstDay.level0.replies', p.firstDayLimits.level0.replies)}
    ${numberField(t('policy.level1.threads'), 'firstDay.level1.threads', p.firstDayLimits.level1.threads)}
    ${numberField(t('policy.level1.replies'), 'firstDay.level1.replies', p.firstDayLimits.level1.replies)}
  </fieldset>
  <fieldset>
    <legend>${t('policy.rateLimits')}</legend>
    ${numberField(t('policy.posts.member'), 'posts.member', r.posts.member)}
    ${numberField(t('policy.posts.ip'), 'posts.ip', r.posts.ip)}
    ${numberField(t('policy.posts.site'), 'posts.site', r.posts.site)}
    ${numberField(t('policy.writes.member'), 'writes.member', r.writes.member)}
    ${numberField(t('policy.writes.ip'), 'writes.ip', r.writes.ip)}
    ${numberField(t('policy.writes.site'), 'writes.site', r.writes.site)}
    ${numberField(t('policy.signIns.ip'), 'signIns.ip', r.signIns.ip)}
    ${numberField(t('policy.signIns.site'), 'signIns.site', r.signIns.site)}
    ${numberField(t('policy.uploads.member'), 'uploads.member', r.uploads.member)}
    ${numberField(t('policy.uploads.ip'), 'uploads.ip', r.uploads.ip)}
    ${numberField(t('policy.uploads.site'), 'uploads.site', r.uploads.site)}
  </fieldset>
  <fieldset>
    <legend>${t('policy.pictures')}</legend>
    ${numberField(t('policy.imageQuota'), 'imageQuotaMegabytes', p.imageQuotaMegabytes)}
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
