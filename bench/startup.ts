/**
 * Start-up time and memory of a Booth node run through tsx (TypeScript compiled as it loads) and
 * run by plain `node` on the build in server/dist, measured alternately in one run. Each start
 * is a fresh process against the same, already migrated database, with the demo off.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ensureDatabase, siblingDatabase } from './lib/bench-db.js';
import { fetchWithin, metricsText } from './lib/http-load.js';
import { loadNow, type Machine, residentBytes } from './lib/machine.js';
import { writeSection } from './lib/results.js';
import { percentiles, sleep } from './lib/stats.js';

const SERVER_DIR = fileURLToPath(new URL('../server/', import.meta.url));

interface Variant {
  name: string;
  command: string;
  args: string[];
}

const VARIANTS: Variant[] = [
  { name: 'tsx (before)', command: `${SERVER_DIR}node_modules/.bin/tsx`, args: ['src/main.ts'] },
  { name: 'node on the build (after)', command: process.execPath, args: ['--enable-source-maps', 'dist/main.js'] },
];

interface Sample {
  /** From spawn to the "Booth is ready" log line (the port is listening). */
  listeningMs: number;
  /** From spawn to the first `GET /readyz` answering 200. */
  readyMs: number;
  /** Resident memory of the server process and of its whole process tree, once ready. */
  processBytes: number;
  treeBytes: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The process and every descendant (tsx runs the server in a child, esbuild in another). */
function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // The process ended between the listing and the read.
  }
  return [pid, ...children.flatMap(processTree)];
}

/** The process of the tree that holds the listening server: the one reporting `process_resident_memory_bytes`. */
async function serverProcessBytes(port: number): Promise<number> {
  const text = await metricsText(port);
  return Number(text.match(/^process_resident_memory_bytes (\d+)/m)?.[1] ?? Number.NaN);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function startOnce(variant: Variant, databaseUrl: string): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(variant.command, variant.args, {
    cwd: SERVER_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), BOOTH_DEMO: 'false', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  try {
    const listeningMs = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      child.once('exit', (code) =>
        reject(new Error(`${variant.name} exited with ${code} before listening:\n${errors}`)),
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        if (buffered.includes('"msg":"Booth is ready"')) resolve(performance.now() - started);
      });
    });
    let readyMs = Number.NaN;
    while (Number.isNaN(readyMs)) {
      const response = await fetchWithin(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      if (response?.ok) readyMs = performance.now() - started;
      else await sleep(10);
    }
    const treeBytes = processTree(child.pid as number).reduce((sum, pid) => sum + residentBytes(pid), 0);
    return { listeningMs, readyMs, processBytes: await serverProcessBytes(port), treeBytes };
  } finally {
    await stop(child);
  }
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Starts each variant `runs` times, alternating, and prints and records the medians side by side. */
export async function startupBench(machine: Machine, options: { runs: number }): Promise<void> {
  console.log('\n== Start-up: tsx vs node on the build ==');
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: SERVER_DIR, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the server build failed');
  const databaseUrl = await ensureDatabase(siblingDatabase('startup'));
  const load = loadNow();
  // A first start migrates the database, so that every measured start finds it current.
  await startOnce(VARIANTS[1] as Variant, databaseUrl);
  const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
  for (let run = 0; run < options.runs; run++) {
    for (const variant of VARIANTS) samples.get(variant)?.push(await startOnce(variant, databaseUrl));
  }
  const med = (variant: Variant, pick: (s: Sample) => number) =>
    percentiles((samples.get(variant) ?? []).map(pick), [50]).p50 ?? Number.NaN;
  const [before, after] = VARIANTS as [Variant, Variant];
  const rows: [string, (s: Sample) => number, (n: number) => string][] = [
    ['to listening (spawn to "Booth is ready")', (s) => s.listeningMs, ms],
    ['to `/readyz` 200', (s) => s.readyMs, ms],
    ['resident memory of the server process, when ready', (s) => s.processBytes, mib],
    ['resident memory of the whole process tree, when ready', (s) => s.treeBytes, mib],
  ];
  const table = rows
    .map(([label, pick, format]) => {
      const b = med(before, pick);
      const a = med(after, pick);
      return `| ${label} | ${format(b)} | ${format(a)} | ${(a / b).toFixed(2)}× |`;
    })
    .join('\n');
  console.log(`| | ${before.name} | ${after.name} | after / before |\n| --- | --- | --- | --- |\n${table}`);
  writeSection(
    'startup',
    `## Start-up

Run ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; 1-minute load average as it began: ${load} (${machine.cores} cores; other work on the machine skews every figure).

One Booth node started ${options.runs} times each way, alternately, against the same migrated
database on the local PostgreSQL (demo off); medians. Before: \`tsx src/main.ts\`, which compiles
the TypeScript as it loads (tsx runs the server in a child process and esbuild in another). After:
\`node --enable-source-maps dist/main.js\`, the bundle \`pnpm build\` writes.

| | ${before.name} | ${after.name} | after / before |
| --- | --- | --- | --- |
${table}
`,
  );
}
