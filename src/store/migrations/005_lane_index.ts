import type { Kysely } from 'kysely';

/** Lane claims scan idle accounts by due time; with many accounts this index keeps that cheap. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('accounts_due').on('accounts').columns(['next_run_at']).execute();
}
