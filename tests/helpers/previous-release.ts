import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The last release on main: nodes of this release and of the next one run side by side during a
 * rolling deploy, so the next one's schema must serve it (migrations/README.md). Move it forward
 * at each release.
 */
export const PREVIOUS_RELEASE = 'cbac153';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The previous release's server source, runnable with the workspace's installed dependencies. */
export interface ReleaseCheckout {
  /** Its `server/` folder: run `tsx src/main.ts` there, as that release's `pnpm start` did. */
  serverDir: string;
  tsx: string;
  dispose(): void;
}

/** Why the previous release cannot be checked out here (a shallow clone, no git), or null. */
export function previousReleaseUnavailable(): string | null {
  try {
    execFileSync('git', ['-C', REPO, 'cat-file', '-e', `${PREVIOUS_RELEASE}^{commit}`], { stdio: 'ignore' });
    return null;
  } catch {
    return `commit ${PREVIOUS_RELEASE} (the previous release) is not in this clone's git history (a shallow clone?)`;
  }
}

function dependencies(packageJson: string): string[] {
  const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(parsed.dependencies ?? {});
}

/** Links each npm dependency of the package in `dir` to the copy this checkout installed for `installedFrom`. */
function linkDependencies(dir: string, installedFrom: string, workspace: Record<string, string>): void {
  for (const name of dependencies(join(dir, 'package.json'))) {
    const target = workspace[name] ?? join(REPO, installedFrom, 'node_modules', name);
    if (!existsSync(target)) {
      throw new Error(`the previous release needs ${name}, which this checkout does not install in ${installedFrom}/`);
    }
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

/**
 * Extracts the previous release's server, shared and migrations packages (`git archive`) into a
 * temporary folder, and links their npm dependencies to this checkout's installed ones; the
 * workspace packages point at the extracted (old) copies, so the old server runs its own
 * protocol and its own list of migrations.
 */
export function checkOutPreviousRelease(): ReleaseCheckout {
  const root = mkdtempSync(join(tmpdir(), 'booth-previous-release-'));
  const archive = execFileSync('git', ['-C', REPO, 'archive', PREVIOUS_RELEASE, 'server', 'shared', 'migrations'], {
    maxBuffer: 256 * 2 ** 20,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  const workspace = { '@booth/shared': join(root, 'shared'), '@booth/migrations': join(root, 'migrations') };
  linkDependencies(join(root, 'shared'), 'shared', workspace);
  linkDependencies(join(root, 'migrations'), 'migrations', workspace);
  linkDependencies(join(root, 'server'), 'server', workspace);
  return {
    serverDir: join(root, 'server'),
    tsx: join(REPO, 'server/node_modules/.bin/tsx'),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
