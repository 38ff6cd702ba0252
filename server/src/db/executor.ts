import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/** Either the database or an open transaction: query functions accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
