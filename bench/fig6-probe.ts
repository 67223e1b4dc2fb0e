// Why figure 6 on PostgreSQL was slow when read right after the bulk load: one bulk-loaded store (no
// settling), then the figure's cold lookups several times in a row, each with ids no run read before:
// right after the load, after 90 s idle, after VACUUM (ANALYZE, FREEZE) + CHECKPOINT, after 90 s idle
// again (PROBE_STEPS=0,2 picks some). For each: how much of the table and its index is in the page
// cache, EXPLAIN (ANALYZE, BUFFERS) of one unread id's lookup, and what happened during the lookups:
// the run database's pg_stat_database (blocks read, read and write time: track_io_timing is set on
// it) and pg_statio of the table, the cluster's pg_stat_bgwriter and pg_stat_wal (other databases'
// work included), pg_stat_activity sampled every 100 ms, the machine's disk reads and dirty pages.
// Latencies are printed too; on a loaded machine only the counts mean anything.
//   PROBE_BIG=1000000 PROBE_RATE=1000 PROBE_SECONDS=10 node bin/run-ts.mjs bench/fig6-probe.ts
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { requestsInPageCache } from './page-cache.ts';
import { createBenchDatabase } from './pg-database.ts';
import { runLoad, startWelink } from './procs.ts';
import { openSeedStore, seedAccounts, seedFinishedRequests, seedTenant, seededRequestId } from './seed.ts';

const BIG = Number(process.env.PROBE_BIG ?? 1_000_000);
const RATE = Number(process.env.PROBE_RATE ?? 1000);
const SECONDS = Number(process.env.PROBE_SECONDS ?? 10);
const SMALL = 10_000;
const say = (m: string) => process.stdout.write(`${m}\n`);

const db = await createBenchDatabase('welink_fig6probe');
const dataDir = mkdtempSync(join(tmpdir(), 'welink-fig6probe-'));
const c = new pg.Client({ connectionString: db.url });
await c.connect();
await c.query(`ALTER DATABASE ${db.name} SET track_io_timing = on`);

const num = async (q: string) => Object.fromEntries(Object.entries((await c.query(q)).rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
async function stats() {
  await c.query('SELECT pg_stat_clear_snapshot()');
  return {
    bgwriter: await num('SELECT checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_clean, buffers_backend, buffers_backend_fsync, buffers_alloc FROM pg_stat_bgwriter'),
    wal: await num('SELECT wal_records, wal_fpi, wal_bytes, wal_write, wal_sync FROM pg_stat_wal'),
    table: await num(`SELECT heap_blks_read, heap_blks_hit, idx_blks_read, idx_blks_hit FROM pg_statio_user_tables WHERE relname = 'requests'`),
    database: await num(`SELECT blks_read, blks_hit, blk_read_time, blk_write_time, xact_commit FROM pg_stat_database WHERE datname = current_database()`),
  };
}
type Stats = Awaited<ReturnType<typeof stats>>;
const diff = (a: Stats, b: Stats) =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, Math.round((vv - (a as any)[k][kk]) * 100) / 100]))]));
const meminfo = () => {
  const m = readFileSync('/proc/meminfo', 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(m)?.[1] ?? 0);
  return { dirtyMiB: Math.round(kb('Dirty') / 1024), writebackMiB: Math.round(kb('Writeback') / 1024), cachedMiB: Math.round(kb('Cached') / 1024) };
};

/** Reads from the machine's disks (every block device but loop, ram and zram), from /proc/diskstats. */
const disks = readdirSync('/sys/block').filter((d) => !/^(loop|ram|zram)/.test(d));
const diskReads = () => {
  let ops = 0;
  let sectors = 0;
  for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (!disks.includes(f[2])) continue;
    ops += Number(f[3]);
    sectors += Number(f[5]);
  }
  return { ops, sectors };
};

async function explain(id: string) {
  const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY OFF) SELECT * FROM requests WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
  return r.rows.map((x) => x['QUERY PLAN']).join(' | ');
}

/** Samples pg_stat_activity (all databases: the checkpointer and autovacuum belong to none). */
function watchActivity() {
  const seen: Record<string, number> = {};
  let samples = 0;
  let maxDirty = 0;
  const w = new pg.Client({ connectionString: db.url });
  let on = true;
  const loop = (async () => {
    await w.connect();
    while (on) {
      const r = await w.query(
        `SELECT backend_type, coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, left(coalesce(query, ''), 30) AS q FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (state IS NULL OR state <> 'idle') AND backend_type NOT IN ('logical replication launcher', 'autovacuum launcher', 'archiver')`,
      );
      samples++;
      for (const row of r.rows) {
        const k = `${row.backend_type} ${row.w}${row.backend_type === 'client backend' ? ` [${row.q.replace(/\s+/g, ' ')}]` : ''}`;
        seen[k] = (seen[k] ?? 0) + 1;
      }
      maxDirty = Math.max(maxDirty, meminfo().dirtyMiB);
      await new Promise((res) => setTimeout(res, 100));
    }
    await w.end();
  })();
  return async () => {
    on = false;
    await loop;
    return { samples, maxDirtyMiB: maxDirty, seen: Object.fromEntries(Object.entries(seen).sort((a, b) => b[1] - a[1]).slice(0, 12)) };
  };
}

const env = { DATABASE_URL: db.url, WELINK_DATA_DIR: dataDir, WELINK_SYNC_RATE_LIMIT: '10000000' };
let workspaceId = '';
let headers: Record<string, string> = {};

async function measure(label: string, ids: string[]) {
  say(`\n== ${label}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${JSON.stringify(meminfo())}`);
  const store = await openSeedStore(db.url, dataDir);
  say(`${await requestsInPageCache(store, dataDir)}`);
  await store.close();
  say(`explain: ${await explain(ids[ids.length - 1])}`);
  const server = await startWelink({ env, role: 'api' });
  const spec = { mode: 'paced' as const, url: server.url, path: '/api/v1/get_response', headers, connections: 64, rate: RATE };
  await runLoad({ ...spec, bodies: Array.from({ length: RATE * 2 }, (_, i) => JSON.stringify({ request_id: `req_absent${i}` })), durationSec: 2 });
  const before = await stats();
  const disk0 = diskReads();
  const stop = watchActivity();
  const r = await runLoad({ ...spec, bodies: ids.slice(0, -1).map((id) => JSON.stringify({ request_id: id })), durationSec: SECONDS });
  const activity = await stop();
  const disk1 = diskReads();
  await server.stop();
  await new Promise((res) => setTimeout(res, 1500));
  const after = await stats();
  say(`p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms, max ${r.latency.max.toFixed(1)} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
  say(`disk reads during the run (whole machine): ${disk1.ops - disk0.ops} ops, ${Math.round(((disk1.sectors - disk0.sectors) * 512) / 1048576)} MiB`);
  say(`delta ${JSON.stringify(diff(before, after))}`);
  say(`activity (${activity.samples} samples, max Dirty ${activity.maxDirtyMiB} MiB): ${JSON.stringify(activity.seen)}`);
  return r.latency.p99;
}

try {
  const store = await openSeedStore(db.url, dataDir);
  const tenant = await seedTenant(store);
  workspaceId = tenant.workspaceId;
  headers = tenant.headers;
  const [archive] = await seedAccounts(store, workspaceId, 1);
  await seedFinishedRequests(store, workspaceId, archive, 0, SMALL);
  await store.close();
  const n = RATE * SECONDS + 1;
  const smallIds = Array.from({ length: SMALL }, (_, i) => seededRequestId(i)).sort(() => Math.random() - 0.5);
  await measure(`${SMALL} rows`, smallIds.slice(0, n));

  const t0 = Date.now();
  const big = await openSeedStore(db.url, dataDir);
  await seedFinishedRequests(big, workspaceId, archive, SMALL, BIG, undefined, { bulk: true });
  await big.close();
  say(`\nseeded ${BIG} rows in ${Math.round((Date.now() - t0) / 1000)} s`);
  // Disjoint random id sets, one per run: no run reads a row (or, mostly, a page) another read.
  const used = new Set<number>();
  const fresh = () => {
    const out: string[] = [];
    while (out.length < n) {
      const x = SMALL + Math.floor(Math.random() * (BIG - SMALL));
      if (!used.has(x)) {
        used.add(x);
        out.push(seededRequestId(x));
      }
    }
    return out;
  };
  const steps: [string, string[]][] = [
    ['right after the load', []],
    ['after 90 s idle', ['SLEEP']],
    ['after VACUUM (ANALYZE, FREEZE) + CHECKPOINT', ['VACUUM (ANALYZE, FREEZE) requests', 'CHECKPOINT']],
    ['after 90 s idle again', ['SLEEP']],
  ];
  const only = process.env.PROBE_STEPS?.split(',').map(Number);
  for (const [label, prep] of steps.filter((_, i) => !only || only.includes(i))) {
    for (const q of prep) {
      const t = Date.now();
      if (q === 'SLEEP') await new Promise((res) => setTimeout(res, 90_000));
      else await c.query(q);
      say(`${q}: ${Date.now() - t} ms`);
    }
    await measure(`${BIG} rows, ${label}`, fresh());
  }
} finally {
  await c.end();
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
