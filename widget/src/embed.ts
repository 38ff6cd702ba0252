/**
 * The script-tag entry, a classic script (no `type="module"` needed). A brand page adds
 * `<script src="https://booth.example.com/embed.js" data-site="KEY" data-board="product-42" async></script>`
 * and the board renders where the tag stands, or into the element `data-target` selects.
 * `data-sso` may carry the SSO token of a user the page already signed in, and `data-lang` the
 * language of the board (e.g. `de`) where it should differ from the page's `<html lang>`.
 * `data-deep-link` says where the open thread shows in the page's address: `hash` (default),
 * `query` or `off`.
 *
 * This file only loads the widget's ES modules. It imports them by absolute URL, built from its
 * own address: in a classic script a relative `import()` may resolve against the page instead.
 * The build puts the hashed file name of `widget.ts`'s module in place of `WIDGET_MODULE`.
 */
import type { WidgetModule } from './widget.js';

const WIDGET_MODULE = '__BOOTH_WIDGET_MODULE__';

// Read at once: `document.currentScript` is only set while this script first runs.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

if (script?.src) {
  import(new URL(WIDGET_MODULE, script.src).href).then(
    (widget: WidgetModule) => widget.start(script),
    (error: unknown) => console.warn('Booth: the widget could not load.', error),
  );
} else {
  console.warn('Booth: load embed.js with a <script src> tag.');
}
