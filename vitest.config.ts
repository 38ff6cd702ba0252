import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const serverProject = (name: string, db: 'embedded' | 'postgres'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include: ['tests/server/**/*.test.ts'],
    globalSetup: db === 'embedded' ? ['tests/setup/embedded-postgres.global.ts'] : [],
    setupFiles: ['tests/setup/no-secrets-in-logs.ts'],
    env: { BOOTH_TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
  // The server suite always runs on the embedded Postgres, and also on a real one when DATABASE_URL is set.
  serverProject('server-embedded', 'embedded'),
  ...(process.env.DATABASE_URL ? [serverProject('server-postgres', 'postgres')] : []),
  {
    extends: true,
    test: {
      name: 'browser',
      include: ['tests/browser/**/*.test.ts'],
      globalSetup: ['tests/setup/embedded-postgres.global.ts'],
      env: { BOOTH_TEST_DB: 'embedded' },
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    extends: true,
    test: {
      name: 'bench',
      include: ['tests/bench/**/*.test.ts'],
      // `pnpm bench all --quick` runs after every other project, alone: it starts servers and
      // loads the machine, which would skew the timeouts of the others (and they its figures).
      sequence: { groupOrder: 1 },
      testTimeout: 60_000,
    },
  },
];

export default defineConfig({
  test: {
    projects,
    pool: 'forks',
  },
});
