import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations inside the widget's shadow root. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the brand page's CSP rightly refuses inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ include: { fromShadowDom: ['booth-board', '.board'] } });
    return (result.violations as { id: string; nodes: { html: string }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`,
    );
  });
}
