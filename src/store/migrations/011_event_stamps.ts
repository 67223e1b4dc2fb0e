import { sql, type Kysely } from 'kysely';
import { locksRows } from '../locks.ts';

/**
 * Events numbered after they commit, on PostgreSQL (store/event-seq.ts): an event is inserted without
 * its `seq` and a stamper numbers the committed ones, so emitting no longer takes the workspace row
 * that every worker shared. The partial index finds the unnumbered ones without reading the log.
 * SQLite keeps numbering inside the emitting transaction (one writer at a time): nothing changes there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!locksRows(db)) return;
  await sql`alter table events alter column seq drop not null`.execute(db);
  await db.schema.createIndex('events_unstamped').on('events').columns(['workspace_id', 'id']).where(sql.ref('seq'), 'is', null).execute();
}
