import { css } from 'lit';

/** The moderation view's look: plain, dense, readable; adopted style sheets only (strict CSP). */
export const appStyles = css`
  :host {
    display: block;
    font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    color: #1d2430;
    background: #f4f5f7;
    min-height: 100vh;
  }
  * { box-sizing: border-box; }
  button, input, select, textarea { font: inherit; }
  button {
    border: 1px solid #c5cad3; background: #fff; border-radius: 6px; padding: 4px 10px; cursor: pointer;
  }
  button:hover { background: #eef1f5; }
  button.primary { background: #2456d6; border-color: #2456d6; color: #fff; }
  button.primary:hover { background: #1b45b0; }
  button.danger { color: #b42318; border-color: #f0b4ae; }
  button:disabled { opacity: 0.5; cursor: default; }
  input, select, textarea { border: 1px solid #c5cad3; border-radius: 6px; padding: 5px 8px; background: #fff; }
  textarea { width: 100%; min-height: 90px; resize: vertical; }
  header.top {
    display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: #1d2430; color: #fff;
  }
  header.top .brand { font-weight: 700; }
  header.top .spacer { flex: 1; }
  header.top button { background: transparent; color: #fff; border-color: #56607a; }
  header.top .language { font-size: 13px; }
  header.top select { background: #2b3445; color: #fff; border-color: #56607a; padding: 2px 6px; }
  form.login .language { justify-self: end; font-size: 13px; }
  .online { font-size: 13px; color: #9fe2b4; }
  nav { display: flex; gap: 4px; padding: 8px 20px 0; border-bottom: 1px solid #d7dbe2; background: #fff; flex-wrap: wrap; }
  nav button { border: none; border-bottom: 3px solid transparent; border-radius: 0; padding: 8px 12px; background: none; }
  nav button[aria-current='page'] { border-bottom-color: #2456d6; font-weight: 600; }
  .badge { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; background: #e4e7ec; font-size: 12px; text-align: center; }
  .badge.hot { background: #fde2e1; color: #b42318; }
  main { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; padding: 16px 20px; }
  main.with-panel { grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr); }
  section.list, aside.panel, .card { background: #fff; border: 1px solid #d7dbe2; border-radius: 8px; }
  section.list > h2, aside.panel > h2, .card > h2 { margin: 0; padding: 12px 16px; font-size: 16px; border-bottom: 1px solid #eceef2; }
  ul.rows { list-style: none; margin: 0; padding: 0; }
  ul.rows > li { padding: 10px 16px; border-bottom: 1px solid #eceef2; display: grid; gap: 4px; }
  ul.rows > li.selected { background: #f0f5ff; }
  .row-title { font-weight: 600; background: none; border: none; padding: 0; text-align: start; color: #1d2430; }
  .row-title:hover { background: none; text-decoration: underline; }
  .meta { font-size: 13px; color: #5b6476; }
  .waited { font-weight: 600; color: #b54708; }
  .actions { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
  .empty { padding: 24px 16px; color: #5b6476; }
  .chip { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; background: #eceef2; margin-inline-end: 4px; }
  .chip.warn { background: #fef0c7; }
  .chip.bad { background: #fde2e1; }
  .panel-body { padding: 12px 16px; display: grid; gap: 12px; }
  .post { border: 1px solid #eceef2; border-radius: 6px; padding: 8px 10px; }
  .post.hidden, .post.pending { background: #fffaeb; }
  .post .body { white-space: pre-wrap; margin: 4px 0; }
  .staff-badge { background: #2456d6; color: #fff; border-radius: 4px; padding: 0 5px; font-size: 12px; }
  .notice { margin: 12px 20px 0; padding: 8px 12px; border-radius: 6px; background: #fde2e1; color: #7a1a12; }
  .notice.ok { background: #dcfae6; color: #085d3a; }
  form.login { max-width: 380px; margin: 10vh auto; padding: 24px; display: grid; gap: 12px; }
  form.login h1 { margin: 0; font-size: 20px; }
  .error { color: #b42318; font-size: 14px; }
  .chip.locked { background: #fde2e1; color: #7a1a12; }
  svg.qr { width: 200px; height: 200px; }
  ol.codes { font-family: ui-monospace, monospace; columns: 2; margin: 0; }
  label { display: grid; gap: 4px; font-size: 14px; }
  label.inline { display: flex; align-items: center; gap: 8px; }
  .held-why { color: #9a4a00; font-weight: 600; }
  label.figure { grid-template-columns: 1fr 7rem; align-items: center; gap: 12px; }
  fieldset { border: 1px solid #d9dde3; border-radius: 8px; padding: 8px 14px 14px; display: grid; gap: 10px; }
  legend { font-weight: 600; padding: 0 4px; }
  pre { white-space: pre-wrap; word-break: break-all; background: #f4f5f7; padding: 8px; border-radius: 6px; margin: 0; }
  .settings { padding: 12px 16px; display: grid; gap: 14px; max-width: 720px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: start; padding: 6px 16px; border-bottom: 1px solid #eceef2; font-size: 14px; vertical-align: top; }
`;

/** A tab element sits inside the shell's page: it keeps the look but not the page background. */
export const tabStyles = css`
  :host { min-height: 0; background: transparent; }
`;
