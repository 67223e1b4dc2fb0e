import { sql, type Kysely } from 'kysely';
import { locksRows } from './locks.ts';
import type { Account, Database } from './tables.ts';

/**
 * Leases up to `n` live accounts whose sync is due: ACTIVE, not held, and idle (no action of theirs
 * running: the sync takes the same lease as the account's lane, so an account never syncs while it
 * acts). Earliest due first; never one another worker holds.
 */
export function claimDueSyncs(db: Kysely<Database>, o: { owner: string; now: number; leaseMs: number; n: number }): Promise<Account[]> {
  const { owner, now, leaseMs, n } = o;
  let due = idleLiveAccounts(db)
    .select('a.id')
    .where((eb) => eb.or([eb('a.next_sync_at', 'is', null), eb('a.next_sync_at', '<=', now)]))
    .where((eb) => eb.or([eb('a.hold_until', 'is', null), eb('a.hold_until', '<=', now)]))
    .orderBy('a.next_sync_at')
    .limit(n);
  if (locksRows(db)) due = due.forUpdate().skipLocked();
  // Materialized, as for lane claims: inside `IN (...)` PostgreSQL may run the locking subquery again.
  return db
    .with((wb) => wb('due').materialized(), () => due)
    .updateTable('accounts')
    .set({ lease_owner: owner, lease_until: now + leaseMs })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .where('lease_owner', 'is', null)
    .returningAll()
    .execute();
}

/**
 * When the next sync becomes claimable (ms since the epoch; 0 for "now"), or null when no live
 * account is waiting for one. The conditions are claimDueSyncs's, with "due" and "not held" folded
 * into one time: an account is claimable once the later of `next_sync_at` and `hold_until` is past.
 * Leased accounts are left out (an action or another process's sync runs there; they are seen again
 * at the next poll once free). One read, no lock: the sync loop's look while nothing is due.
 */
export async function nextSyncDueAt(db: Kysely<Database>): Promise<number | null> {
  const row = await idleLiveAccounts(db)
    .select(sql<number | null>`min(case when coalesce(a.hold_until, 0) > coalesce(a.next_sync_at, 0) then a.hold_until else coalesce(a.next_sync_at, 0) end)`.as('t'))
    .executeTakeFirst();
  const t = row?.t;
  return t === null || t === undefined ? null : Number(t);
}

/** The accounts a sync may take: ACTIVE, in a live workspace, no lease (neither acting nor syncing). */
function idleLiveAccounts(db: Kysely<Database>) {
  return db
    .selectFrom('accounts as a')
    .where('a.status', '=', 'ACTIVE')
    .where('a.lease_owner', 'is', null)
    .where('a.workspace_id', 'in', (eb) => eb.selectFrom('workspaces').select('workspaces.id').where('workspaces.mode', '=', 'live'));
}
