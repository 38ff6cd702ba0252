/**
 * The widget's main module, which `embed.js` imports: it defines `<booth-board>` and mounts a
 * board for the script tag that loaded it. Parts a visitor may never use (search, for one) load
 * on demand from their own chunks (see `on-demand.ts`).
 */
import { defineBoothBoard } from './booth-board.js';

/** What `embed.js` finds in this module. */
export interface WidgetModule {
  start(tag: HTMLScriptElement): void;
}

function warn(message: string): void {
  console.warn(`Booth: ${message}`);
}

/** The element the board goes into, or null to go right after the script tag. */
function findTarget(selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    warn(`data-target "${selector}" is not a valid CSS selector.`);
    return null;
  }
}

function mount(tag: HTMLScriptElement): void {
  const { site, board, target, sso, deepLink } = tag.dataset;
  // A tag with neither only defines <booth-board>, for a page that places its boards itself.
  if (!site && !board) return;
  if (!site || !board) {
    warn('the embed script needs data-site and data-board.');
    return;
  }
  const element = document.createElement('booth-board');
  element.site = site;
  element.board = board;
  if (sso) element.ssoToken = sso;
  if (deepLink) element.deepLink = deepLink;
  const place = () => {
    const slot = target ? findTarget(target) : null;
    if (target && !slot) warn(`data-target "${target}" matches nothing; the board goes after the script tag.`);
    if (slot) slot.append(element);
    else if (tag.isConnected && !tag.closest('head')) tag.after(element);
    else document.body.append(element);
  };
  // An async script in <head> may run before the target or <body> exists.
  const early = document.readyState === 'loading' && (target ? !findTarget(target) : tag.closest('head') !== null);
  if (early) document.addEventListener('DOMContentLoaded', place, { once: true });
  else place();
}

/** Defines the element (once per page), with the server `tag` came from as the default, and mounts its board. */
export function start(tag: HTMLScriptElement): void {
  defineBoothBoard(new URL(tag.src, document.baseURI).origin, tag.dataset.lang ?? '');
  mount(tag);
}
