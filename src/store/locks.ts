import { PostgresAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';

/**
 * Row locking, where the database needs to be told. PostgreSQL is shared by any number of processes:
 * a transaction that reads a row to decide a write must lock it (FOR UPDATE), and a worker claiming
 * work skips what another worker is taking (SKIP LOCKED). SQLite runs one write transaction at a time
 * in one process, so its reads are already serialized and these are no-ops there.
 */

// Any select builder; the helpers only append a locking clause and hand back the same type.
type AnySelect = SelectQueryBuilder<any, any, any>;

/** True for databases shared by several processes, where rows must be locked explicitly. */
export function locksRows(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Locks the rows the read returns until the transaction ends. */
export function forUpdate<Q extends AnySelect>(db: Kysely<any>, q: Q): Q {
  return locksRows(db) ? (q.forUpdate() as Q) : q;
}

/** Locks the rows the read returns, skipping the ones another transaction holds (work claims). */
export function forUpdateSkipLocked<Q extends AnySelect>(db: Kysely<any>, q: Q): Q {
  return locksRows(db) ? (q.forUpdate().skipLocked() as Q) : q;
}

/**
 * Serializes, until they end, the transactions that call this with the same key (a check-then-write
 * such as a per-workspace cap). A transaction-scoped advisory lock on PostgreSQL: unlike a row lock on
 * the workspace, nothing else takes it (foreign-key checks and the event sequence lock that row), so
 * it cannot join a deadlock with them.
 */
export async function serializeOn(db: Kysely<any>, key: string): Promise<void> {
  if (!locksRows(db)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

/**
 * The ids a multi-row write to `accounts` is about to change, locked in the order a group-commit batch
 * locks accounts (the id's code-unit order: "C" collation on PostgreSQL). A write that locked them in
 * scan order could hold an account a batch needs next while waiting for one the batch holds: a deadlock
 * PostgreSQL breaks by aborting one side. In lock order it just waits behind the batch.
 */
export function accountIdsInLockOrder<Q extends SelectQueryBuilder<any, any, { id: string }>>(db: Kysely<any>, ids: Q): Q {
  return locksRows(db) ? (ids.orderBy(sql`id collate "C"`).forUpdate() as Q) : ids;
}
