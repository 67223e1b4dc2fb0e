import { sql, type Kysely, type Transaction } from 'kysely';
import { locksRows } from './locks.ts';
import type { Database } from './tables.ts';

/**
 * The per-workspace event sequence (`events.seq`, what get_events pages by), gap-free, and exact for a
 * reader paging with `after`: an event that becomes visible later never has a smaller number than
 * one already visible.
 *
 * SQLite has one writer at a time: an event takes its number in the transaction that emits it (the
 * workspace row's counter), so numbers follow commits.
 *
 * PostgreSQL is shared by every worker: numbering in the emitting transaction made all of them queue
 * on the workspace row until their commit. There an event is inserted unnumbered (invisible to the
 * log's readers), and `stampEvents` numbers the committed ones afterwards, one stamper at a time
 * (an advisory lock), each above every number given before it, in id order (the order of emission
 * within a process and a transaction).
 */

/** True when events are numbered after their commit (PostgreSQL), by `stampEvents`. */
export function stampsLater(db: Kysely<any>): boolean {
  return locksRows(db);
}

/** The number of a new event, taken in the emitting transaction; null where it is stamped later. */
export async function eventSeqAtInsert(trx: Transaction<Database>, workspaceId: string): Promise<number | null> {
  if (stampsLater(trx)) return null;
  const ws = await trx
    .updateTable('workspaces')
    .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
    .where('id', '=', workspaceId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  return Number(ws.event_seq);
}

/** Any lock key: only stampers take it. */
const STAMP_LOCK = 0x77656c696e6b; // "welink"
const STAMP_BATCH = 5000;

/**
 * Numbers every committed unnumbered event (a no-op on SQLite); returns how many. Call it before
 * reading the log so the reader sees everything committed before the call.
 */
export async function stampEvents(db: Kysely<Database>): Promise<number> {
  if (!stampsLater(db)) return 0;
  let total = 0;
  for (;;) {
    // Most calls find nothing: one index probe, no transaction, no lock.
    const pending = await db.selectFrom('events').select('id').where('seq', 'is', null).limit(1).executeTakeFirst();
    if (!pending) return total;
    const n = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${STAMP_LOCK})`.execute(trx);
      // A statement of its own after the lock: its snapshot includes the previous stamper's numbers.
      const r = await sql<{ n: number }>`
        with pending as (
          select id, workspace_id, row_number() over (partition by workspace_id order by id) as rn
          from events where seq is null order by workspace_id, id limit ${STAMP_BATCH}
        ), counts as (
          select workspace_id, count(*) as n from pending group by workspace_id
        ), bumped as (
          update workspaces w set event_seq = w.event_seq + c.n from counts c where w.id = c.workspace_id
          returning w.id, w.event_seq - c.n as base
        ), stamped as (
          update events e set seq = b.base + p.rn from pending p join bumped b on b.id = p.workspace_id
          where e.id = p.id returning 1
        )
        select count(*) as n from stamped`.execute(trx);
      return Number(r.rows[0].n);
    });
    total += n;
    if (n < STAMP_BATCH) return total;
  }
}
