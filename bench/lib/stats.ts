/** Percentiles of a sample, nearest-rank; `values` is sorted in place. */
export function percentiles(values: Float64Array | number[], ps: number[] = [50, 95, 99]): Record<string, number> {
  const sorted = values instanceof Float64Array ? values.sort() : Float64Array.from(values).sort();
  const out: Record<string, number> = {};
  for (const p of ps) {
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    out[`p${p}`] = sorted[rank] ?? Number.NaN;
  }
  out.max = sorted[sorted.length - 1] ?? Number.NaN;
  return out;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** A one-line progress bar on stderr, redrawn in place. */
export function progress(label: string, done: number, total: number, startedAt: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  process.stderr.write(
    `\r  ${label} [${bar}] ${Math.floor((done / total) * 100)}% ${count(done)}/${count(total)} ${seconds} s`,
  );
  if (done >= total) process.stderr.write('\n');
}
