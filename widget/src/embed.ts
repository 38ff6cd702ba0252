/**
 * The script-tag entry. A brand page adds
 * `<script src="https://booth.example.com/embed.js" data-site="KEY" data-board="product-42" async></script>`
 * and the board renders where the tag stands, or into the element `data-target` selects.
 * `data-sso` may carry the SSO token of a user the page already signed in.
 */
import { defineBoothBoard } from './booth-board.js';

// Read at once: `document.currentScript` is only set while this script first runs.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

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
  const { site, board, target, sso } = tag.dataset;
  if (!site || !board) {
    warn('the embed script needs data-site and data-board.');
    return;
  }
  const element = document.createElement('booth-board');
  element.site = site;
  element.board = board;
  if (sso) element.ssoToken = sso;
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

defineBoothBoard(script?.src ? new URL(script.src, document.baseURI).origin : '');
if (script) mount(script);
