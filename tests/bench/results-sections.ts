/** Reading the sections and tables a benchmark run writes to its results file (bench/lib/results.ts). */

/** The markdown between `<!-- name -->` and `<!-- /name -->`, or null when the section is missing. */
export function sectionOf(text: string, name: string): string | null {
  const start = text.indexOf(`<!-- ${name} -->`);
  const end = text.indexOf(`<!-- /${name} -->`);
  return start >= 0 && end > start ? text.slice(start + `<!-- ${name} -->`.length, end).trim() : null;
}

/** The body rows of every table in `markdown`, as cells (header and separator rows left out). */
export function tableRows(markdown: string): string[][] {
  const rows: string[][] = [];
  let inBody = false;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) inBody = false;
    else if (/^\|[\s|:-]+\|$/.test(line)) inBody = true;
    else if (inBody)
      rows.push(
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      );
  }
  return rows;
}

/**
 * The figure a cell starts with, as a number ("1,234" → 1234, "12.5 ms" → 12.5, "0.48×" → 0.48),
 * or NaN when the cell is not a figure ("skipped", "—", words).
 */
export function figure(cell: string): number {
  const match = /^(-?[\d,]+(?:\.\d+)?)(?:\s|×|$|\s?(?:ms|s|KB|KiB|MiB)\b)/.exec(cell.replace(/\*/g, ''));
  return match ? Number((match[1] as string).replace(/,/g, '')) : Number.NaN;
}

/**
 * Every "delivered of expected" count in the tables ("1,000 of 1,000", "200 of 200 sockets"), but
 * in rows that say the system fell behind (a capacity search's step past its limit).
 */
export function deliveredCounts(markdown: string): { delivered: number; expected: number; cell: string }[] {
  return tableRows(markdown)
    .filter((cells) => !cells.includes('falls behind'))
    .flat()
    .flatMap((cell) => {
      const match = /^([\d,]+) of ([\d,]+)\b/.exec(cell.replace(/\*/g, ''));
      if (!match) return [];
      const [delivered, expected] = [match[1], match[2]].map((n) => Number((n as string).replace(/,/g, '')));
      return [{ delivered: delivered as number, expected: expected as number, cell }];
    });
}
