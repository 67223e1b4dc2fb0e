import type { Kysely } from 'kysely';

/**
 * LinkedIn's query ids and decorations rotate with its deploys: the deployment keeps its own, one
 * row per key, written by `welink live import-har` and read by the live provider (a row overrides
 * the default shipped in code). Per deployment, not per workspace: every account talks to the
 * same LinkedIn.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('linkedin_query_ids')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
