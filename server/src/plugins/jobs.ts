import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { JobQueue } from '../jobs/job-queue.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The node's durable job queue (pg-boss), shared by webhooks and email. */
    jobs: JobQueue;
  }
}

/**
 * The shared job queue. pg-boss keeps its tables in its own schema (`booth_jobs`), or in the
 * test schema when the database works in one.
 */
async function jobsPlugin(app: FastifyInstance) {
  const { schema } = app.database;
  const jobs = new JobQueue({
    url: app.database.url,
    schema: schema === 'public' ? 'booth_jobs' : schema,
    log: app.log.child({ component: 'jobs' }),
  });
  app.decorate('jobs', jobs);
  // Before the database closes: running jobs finish their writes.
  app.addHook('preClose', async () => jobs.stop());
}

export default fp(jobsPlugin, { name: 'booth-jobs', dependencies: ['booth-database'] });
