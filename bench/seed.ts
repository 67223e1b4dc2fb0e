// Direct database seeding for benchmarks: tenants, many ACTIVE sandbox accounts (so the per-account
// hourly limit never stops a load run), and stored requests in bulk (SQL-side row generation).
import { sql } from 'kysely';
import { newId } from '../src/lib/ids.ts';
import { migrate, openStore, type Store } from '../src/store/open.ts';
import { createKey } from '../src/tenancy/keys.ts';

export interface Tenant {
  workspaceId: string;
  apiKey: string;
  apiSecret: string;
  headers: Record<string, string>;
}

export async function openSeedStore(databaseUrl: string, dataDir: string): Promise<Store> {
  const store = await openStore({ databaseUrl, dataDir, sqliteSynchronous: 'NORMAL' });
  await migrate(store);
  return store;
}

export async function seedTenant(store: Store): Promise<Tenant> {
  const created = await createKey(store.db, { name: 'bench', mode: 'sandbox', now: Date.now() });
  if ('error' in created) throw new Error(created.error);
  return { ...created, headers: { 'x-api-key': created.apiKey, 'x-api-secret': created.apiSecret } };
}

/** `n` ACTIVE sandbox accounts, as a finished login_v2 would have left them. */
export async function seedAccounts(store: Store, workspaceId: string, n: number): Promise<string[]> {
  const now = Date.now();
  const ids: string[] = [];
  for (let start = 0; start < n; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const id = newId('acc', now);
      ids.push(id);
      rows.push({
        id,
        workspace_id: workspaceId,
        // Unique per workspace (migration 006) across calls too: the id is part of it.
        email: `bench.user${i}.${id}@example.com`,
        status: 'ACTIVE' as const,
        status_reason: null,
        profile: JSON.stringify({ first_name: 'Bench', last_name: `User${i}`, profile_id: `ACoAAbench${i}` }),
        secrets: null,
        proxy: null,
        premium: 0,
        timezone: null,
        active_hours: null,
        next_run_at: 0,
        lease_owner: null,
        lease_until: null,
        next_seq: 0,
        created_at: now,
        updated_at: now,
      });
    }
    await store.db.insertInto('accounts').values(rows).execute();
  }
  return ids;
}

/** Id of the x-th bulk-seeded finished request. */
export const seededRequestId = (x: number) => `req_bench${String(x).padStart(12, '0')}`;

/**
 * Finished (SUCCESS) visit_profile requests `from..to-1` on one account, generated inside the database
 * in chunks (one transaction each), accepted two days ago so they do not count in any rate window.
 * On PostgreSQL a large load (`bulk`) goes the way of a bulk load: the table's indexes are dropped
 * before the rows go in and built again after, from their own definitions (the same table, logged,
 * with the same indexes as migrations left it); `vacuum` freezes the loaded rows before the indexes
 * are built (see settleStore).
 */
export async function seedFinishedRequests(
  store: Store,
  workspaceId: string,
  accountId: string,
  from: number,
  to: number,
  onProgress?: (done: number) => void,
  opts: { bulk?: boolean; vacuum?: boolean; onPhase?: (what: string) => void } = {},
): Promise<void> {
  if (store.dialect === 'postgres' && opts.bulk) {
    const onPhase = opts.onPhase ?? (() => {});
    await withoutIndexes(store, 'requests', onPhase, async () => {
      await insertFinished(store, workspaceId, accountId, from, to, onProgress);
      // Vacuumed before the indexes are built: the same end state as after, without a minute-long
      // VACUUM between the index build and the reads (this machine pages out what nobody touched
      // for a minute, the index included).
      if (opts.vacuum) {
        onPhase('VACUUM (FREEZE) before the indexes');
        await sql`VACUUM (FREEZE) requests`.execute(store.db);
      }
    });
    await sql`ANALYZE requests`.execute(store.db);
    return;
  }
  await insertFinished(store, workspaceId, accountId, from, to, onProgress);
  if (store.dialect === 'postgres') await sql`ANALYZE requests`.execute(store.db);
  else await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
}

/**
 * Runs `load` with `table`'s indexes (its primary key included) dropped, then builds them again from
 * the definitions PostgreSQL reports, the primary key attached to its rebuilt index.
 */
async function withoutIndexes(store: Store, table: string, onPhase: (what: string) => void, load: () => Promise<void>): Promise<void> {
  const indexes = (
    await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ${table}`.execute(store.db)
  ).rows;
  const keys = (
    await sql<{ conname: string; indexname: string; contype: string }>`
      SELECT c.conname, c.contype, i.relname AS indexname FROM pg_constraint c JOIN pg_class i ON i.oid = c.conindid
      WHERE c.conrelid = ${table}::regclass AND c.contype IN ('p', 'u')`.execute(store.db)
  ).rows;
  for (const k of keys) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(k.conname)}`.execute(store.db);
  const owned = new Set(keys.map((k) => k.indexname));
  for (const i of indexes) if (!owned.has(i.indexname)) await sql`DROP INDEX ${sql.id(i.indexname)}`.execute(store.db);
  await load();
  onPhase(`building ${indexes.length} indexes again`);
  await store.db.connection().execute(async (c) => {
    // Index builds sort: more memory than the default 64 MB makes them several times faster.
    await sql`SET maintenance_work_mem = '1GB'`.execute(c);
    for (const i of indexes) await sql.raw(i.indexdef).execute(c);
    for (const k of keys) {
      const kind = k.contype === 'p' ? sql`PRIMARY KEY` : sql`UNIQUE`;
      await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(k.conname)} ${kind} USING INDEX ${sql.id(k.indexname)}`.execute(c);
    }
    await sql`RESET maintenance_work_mem`.execute(c);
  });
}

async function insertFinished(store: Store, workspaceId: string, accountId: string, from: number, to: number, onProgress?: (done: number) => void): Promise<void> {
  const at = Date.now() - 2 * 86400_000;
  const input = JSON.stringify({ accountId, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' });
  const result = JSON.stringify({ viewed: true, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' });
  const chunk = 250_000;
  for (let lo = from; lo < to; lo += chunk) {
    const hi = Math.min(to, lo + chunk);
    if (store.dialect === 'sqlite') {
      await sql`
        WITH RECURSIVE c(x) AS (SELECT ${lo} UNION ALL SELECT x + 1 FROM c WHERE x + 1 < ${hi})
        INSERT INTO requests (id, workspace_id, account_id, action, input, status, result, lane_seq, attempts, not_before, accepted_at, started_at, finished_at)
        SELECT 'req_bench' || printf('%012d', x), ${workspaceId}, ${accountId}, 'visit_profile', ${input}, 'SUCCESS', ${result}, x + 1, 1, 0, ${at}, ${at}, ${at} + 1 FROM c
      `.execute(store.db);
    } else {
      await sql`
        INSERT INTO requests (id, workspace_id, account_id, action, input, status, result, lane_seq, attempts, not_before, accepted_at, started_at, finished_at)
        SELECT 'req_bench' || lpad(x::text, 12, '0'), ${workspaceId}, ${accountId}, 'visit_profile', ${input}, 'SUCCESS', ${result}, x + 1, 1, 0, ${at}::bigint, ${at}::bigint, ${at}::bigint + 1
        FROM generate_series(${lo}::bigint, ${hi - 1}::bigint) AS x
      `.execute(store.db);
    }
    onProgress?.(hi - from);
  }
}

/**
 * Leaves the store as one in production is after a while: vacuumed (hint bits set, tuples frozen, the
 * visibility map written), analyzed and checkpointed (no dirty buffers of the load left for a
 * lookup to write out). Right after a bulk load on PostgreSQL, a lookup evicting one of the load's
 * dirty buffers writes it first, which is the load's cost, not the lookup's. Reads nothing a
 * benchmark is about to look up in particular: VACUUM goes through the whole table.
 */
export async function settleStore(store: Store): Promise<void> {
  if (store.dialect === 'postgres') {
    await sql`VACUUM (ANALYZE, FREEZE) requests`.execute(store.db);
    await sql`CHECKPOINT`.execute(store.db);
  } else {
    await sql`ANALYZE`.execute(store.db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
  }
}

/** `perAccount` QUEUED visit_profile requests on each account, as acceptance would have queued them. */
export async function seedQueued(store: Store, workspaceId: string, accountIds: string[], perAccount: number): Promise<number> {
  const now = Date.now();
  let rows: Record<string, unknown>[] = [];
  await store.db.transaction().execute(async (trx) => {
    for (let seq = 1; seq <= perAccount; seq++) {
      for (const accountId of accountIds) {
        rows.push({
          id: newId('req', now),
          workspace_id: workspaceId,
          account_id: accountId,
          action: 'visit_profile',
          input: JSON.stringify({ accountId, profile_id: `ACoAAtarget${seq}` }),
          status: 'QUEUED',
          result: null,
          error_code: null,
          error_message: null,
          lane_seq: seq,
          attempts: 0,
          lease_owner: null,
          lease_until: null,
          effect_started_at: null,
          not_before: 0,
          accepted_at: now,
          started_at: null,
          finished_at: null,
          api_key_id: null,
        });
        if (rows.length >= 1000) {
          await trx.insertInto('requests').values(rows as any).execute();
          rows = [];
        }
      }
    }
    if (rows.length) await trx.insertInto('requests').values(rows as any).execute();
    await trx.updateTable('accounts').set({ next_seq: perAccount }).where('workspace_id', '=', workspaceId).execute();
  });
  return accountIds.length * perAccount;
}
