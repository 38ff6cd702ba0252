import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that self time needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** Function name and where it is (file relative to the repository, line). */
  where: string;
  /** Share of all sampled time, 0 to 1. */
  share: number;
  milliseconds: number;
}

/**
 * The functions that spent the most time themselves (not in what they called) in a profile,
 * most first. Samples are summed per function and place, whatever the stack above it.
 */
export function topSelfTime(file: string, root: string, limit = 12): SelfTime[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const whereOf = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const name = callFrame.functionName || '(anonymous)';
    const url = callFrame.url.replace(/^file:\/\//, '');
    const place = url ? ` ${url.startsWith('/') ? relative(root, url) : url}:${callFrame.lineNumber + 1}` : '';
    whereOf.set(id, `${name}${place}`);
  }
  const micros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const where = whereOf.get(id) ?? '?';
    micros.set(where, (micros.get(where) ?? 0) + delta);
    total += delta;
  });
  return [...micros]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([where, us]) => ({ where, share: us / total, milliseconds: us / 1000 }));
}
