import type { Kysely } from 'kysely';

/** Which worker ran a request (its lease owner id), kept after the lease is gone: operators and the multi-worker tests read it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requests').addColumn('ran_by', 'text').execute();
}
