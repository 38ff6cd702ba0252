import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedPostgresUrl: string;
  }
}

/**
 * One embedded Postgres for the whole run (a cold start takes seconds); each test file
 * works in its own schema of it.
 */
export default async function setup(project: TestProject) {
  const embedded = await startEmbeddedPostgres(null);
  project.provide('embeddedPostgresUrl', embedded.url);
  return async () => {
    await embedded.close();
  };
}
