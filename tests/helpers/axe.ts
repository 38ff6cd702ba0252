import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations inside the widget's shadow root. */
export function axeViolations(page: Page): Promise<string[]> {
  return axeViolationsIn(page, ['booth-board', '.board']);
}

/**
 * axe's violations inside nested shadow roots: each selector of `path` but the last names a host
 * whose shadow root the next one is looked up in (`['booth-moderate', 'booth-recheck-tab', 'section']`).
 */
export async function axeViolationsIn(page: Page, path: string[]): Promise<string[]> {
  // Evaluated through the debugging protocol: the brand page's CSP rightly refuses inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async (fromShadowDom) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ include: { fromShadowDom } });
    return (result.violations as { id: string; nodes: { html: string }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`,
    );
  }, path);
}
