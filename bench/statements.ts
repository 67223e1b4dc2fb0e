// What one operation costs PostgreSQL: statements, round trips, commits, rows locked and written,
// and WAL bytes, for an acceptance, an action run end to end (lane claim to webhook delivery) and a
// get_response. `node bin/run-ts.mjs bench/statements.ts` (knobs: STATEMENTS_N operations per phase,
// default 1000; BENCH_PG_URL admin URL). The app runs in this process (`createApp`, the sandbox,
// WELINK_PACING=off) against a database created for the run and dropped after; the calls go through
// `app.server.inject`, the webhooks to a receiver on 127.0.0.1.
//
// How each column is counted:
// - round trips: the queries the app's connections send (bench/pg-counter.mjs, which defines them:
//   BEGIN and COMMIT included, a named statement's execution one; the pg client does not pipeline).
// - statements: the same queries minus transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT...).
// - commits: `pg_stat_database.xact_commit` of the run's database (PostgreSQL's own count: every
//   transaction, a statement outside BEGIN..COMMIT being one).
// - rows locked: rows updated and deleted (`tup_updated + tup_deleted` of pg_stat_database, each takes
//   a row lock) plus the rows answered by plain `SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE`
//   statements (counted here from their results; a locking SELECT inside an UPDATE's CTE is not added,
//   its rows are the updated ones). Inserted rows are shown apart (`tup_inserted`).
// - WAL bytes: the WAL records written between `pg_current_wal_lsn()` before and after the phase that
//   belong to this database, read back with pg_walinspect (records on its blocks, and the commit
//   records of their transactions): the server is shared and other databases write meanwhile. Without
//   pg_walinspect, or when the cluster wrote more than STATEMENTS_WAL_READ_MB (64) meanwhile (reading
//   records back takes about a second per few MB), the LSN delta minus the cluster's idle rate
//   measured just before (an estimate, marked "est.").
// - table growth: `pg_total_relation_size` of this database's tables (indexes and TOAST included)
//   after minus before, per operation (pages are allocated 8 kB at a time: meaningful over many).
// - PostgreSQL CPU: user + system time of this database's backends (/proc/<pid>/stat, PostgreSQL runs
//   on this machine) during the phase, per operation; WAL writer, checkpointer and autovacuum are not
//   in it.
// pg_stat_database is what backends have flushed: each phase is followed by 11 s of quiet (a backend
// flushes its counts at the latest 10 s after going idle) before it is read.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { createLogger } from '../src/lib/logger.ts';
import { installPgCounter, snapshot, uncounted } from './pg-counter.mjs';
import { createBenchDatabase, pgAdminUrl } from './pg-database.ts';
import { openSeedStore, seedAccounts, seedTenant } from './seed.ts';

const N = Number(process.env.STATEMENTS_N ?? 1000);
const PG_ADMIN = pgAdminUrl();
const QUIET_MS = 11_000;
const WAL_READ_MAX = BigInt(Number(process.env.STATEMENTS_WAL_READ_MB ?? 64) * 1024 * 1024);
const say = (m: string) => process.stderr.write(`${m}\n`);

// ---- the client-side count: every query the app's pg clients send (bench/pg-counter.mjs) ----------
installPgCounter();

// ---- PostgreSQL's side -----------------------------------------------------------------------------
interface DbStats {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  deleted: number;
}
const database = await createBenchDatabase('welink_statements', PG_ADMIN);
const { name, url: dbUrl } = database;
const statsClient = uncounted(new pg.Client({ connectionString: PG_ADMIN }));

async function dbStats(): Promise<DbStats> {
  await statsClient.query('SELECT pg_stat_clear_snapshot()');
  const r = await statsClient.query(
    'SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = $1',
    [name],
  );
  const row = r.rows[0];
  return { commits: Number(row.xact_commit), rollbacks: Number(row.xact_rollback), inserted: Number(row.tup_inserted), updated: Number(row.tup_updated), deleted: Number(row.tup_deleted) };
}

async function walLsn(): Promise<bigint> {
  const r = await statsClient.query(`SELECT pg_current_wal_flush_lsn() - '0/0'::pg_lsn AS b`);
  return BigInt(r.rows[0].b);
}

// pg_walinspect (a contrib extension of PostgreSQL 15) reads the WAL records themselves: those whose
// blocks belong to this database, plus the commit records of their transactions, are this run's WAL.
const walClient = uncounted(new pg.Client({ connectionString: dbUrl }));
let walInspect = false;
let dbOid = '';

async function openWalInspect(): Promise<void> {
  await walClient.connect();
  dbOid = String((await walClient.query('SELECT oid FROM pg_database WHERE datname = current_database()')).rows[0].oid);
  try {
    await walClient.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
    // A temporary slot keeps the WAL from here on until this session ends: a checkpoint would
    // otherwise recycle the segments of a phase before they are read (other databases write a lot).
    await walClient.query('SELECT pg_create_physical_replication_slot($1, true, true)', [name]);
    walInspect = true;
  } catch (err) {
    say(`pg_walinspect unavailable (${(err as Error).message}): WAL is estimated from pg_current_wal_lsn() alone`);
  }
}

/** Bytes of the WAL records between two LSNs that belong to this database (its blocks and its commits). */
async function walOfThisDatabase(from: bigint, to: bigint): Promise<number> {
  // Nothing flushed during the phase: pg_walinspect refuses a range that starts at the flush point.
  if (to <= from) return 0;
  const lsn = (v: bigint) => `${(v >> 32n).toString(16).toUpperCase()}/${(v & 0xffffffffn).toString(16).toUpperCase()}`;
  const r = await walClient.query(
    `WITH r AS (SELECT xid, resource_manager, record_length, block_ref FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)),
          mine AS (SELECT xid, record_length FROM r WHERE block_ref LIKE '%/' || $3 || '/%'),
          xids AS (SELECT DISTINCT xid FROM mine WHERE xid::text <> '0')
     SELECT (SELECT coalesce(sum(record_length), 0) FROM mine)
          + (SELECT coalesce(sum(record_length), 0) FROM r WHERE resource_manager = 'Transaction' AND xid IN (SELECT xid FROM xids)) AS bytes`,
    [lsn(from), lsn(to), dbOid],
  );
  return Number(r.rows[0].bytes);
}

/**
 * CPU time (ms) the backends of this database have used so far, from /proc (PostgreSQL runs on this
 * machine): summed over the backends alive now, by pid, so a phase's share is after minus before.
 */
async function backendCpu(): Promise<Map<number, number>> {
  const r = await statsClient.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
  const out = new Map<number, number>();
  for (const { pid } of r.rows as { pid: number }[]) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / TICKS);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
const TICKS = 100; // USER_HZ on Linux
const cpuSpent = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((sum, [pid, ms]) => sum + ms - (a.get(pid) ?? 0), 0);

/** Bytes on disk of this database's tables, their indexes and TOAST (what the rows of a phase add). */
async function tableBytes(): Promise<number> {
  const r = await walClient.query(`SELECT coalesce(sum(pg_total_relation_size(oid)), 0) AS b FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`);
  return Number(r.rows[0].b);
}

/** WAL the cluster writes per millisecond while this database is idle (other databases, checkpoints). */
async function idleWalRate(ms: number): Promise<number> {
  const a = await walLsn();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return Number((await walLsn()) - a) / (performance.now() - t);
}

interface Measured {
  operation: string;
  n: number;
  roundTrips: number;
  statements: number;
  commits: number;
  rowsLocked: number;
  rowsInserted: number;
  walBytes: number;
  /** true: read back with pg_walinspect; false: estimated from the LSN delta. */
  walRead: boolean;
  diskBytes: number;
  /** CPU of this database's backends per operation, µs (10 ms ticks: meaningful over many). */
  pgCpuUs: number;
  idleWalPerSec: number;
  kinds: Record<string, number>;
  seconds: number;
}

/**
 * Runs `work` (which performs `n` operations) and divides what it cost by `n`. The quiet time before
 * (flushing the counts of the previous phase) also measures the cluster's background WAL rate.
 */
async function measure(operation: string, n: number, work: () => Promise<void>): Promise<Measured> {
  say(`  quiet ${QUIET_MS / 1000} s, then ${operation} x ${n}`);
  const idleRate = await idleWalRate(QUIET_MS);
  const s0 = await dbStats();
  const d0 = await tableBytes();
  const c0 = snapshot();
  const w0 = await walLsn();
  const p0 = await backendCpu();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const p1 = await backendCpu();
  const w1 = await walLsn();
  const c1 = snapshot();
  // Reading records back costs about a second per few MB: past WAL_READ_MAX of cluster WAL, estimate.
  const read = walInspect && w1 - w0 <= WAL_READ_MAX;
  const wal = read ? await walOfThisDatabase(w0, w1) : Math.max(0, Number(w1 - w0) - idleRate * ms);
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const s1 = await dbStats();
  const d1 = await tableBytes();
  const kinds: Record<string, number> = {};
  for (const [k, v] of Object.entries(c1.kinds)) if (v - (c0.kinds[k] ?? 0) > 0) kinds[k] = (v - (c0.kinds[k] ?? 0)) / n;
  return {
    operation,
    n,
    roundTrips: (c1.queries - c0.queries) / n,
    statements: (c1.queries - c1.transactionControl - (c0.queries - c0.transactionControl)) / n,
    commits: (s1.commits - s0.commits) / n,
    rowsLocked: (s1.updated - s0.updated + (s1.deleted - s0.deleted) + (c1.lockedBySelect - c0.lockedBySelect)) / n,
    rowsInserted: (s1.inserted - s0.inserted) / n,
    walBytes: wal / n,
    walRead: read,
    diskBytes: (d1 - d0) / n,
    pgCpuUs: (cpuSpent(p0, p1) * 1000) / n,
    idleWalPerSec: idleRate * 1000,
    kinds,
    seconds: ms / 1000,
  };
}

// ---- the run ---------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: resolve(import.meta.dirname, '..') }).toString().trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: resolve(import.meta.dirname, '..') }).toString().trim() !== '';
  await statsClient.connect();
  await openWalInspect();
  const dataDir = mkdtempSync(join(tmpdir(), 'welink-statements-'));
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered++;
      res.writeHead(200).end();
      if (delivered >= expected) onAllDelivered?.();
    });
  });
  let delivered = 0;
  let expected = Infinity;
  let onAllDelivered: (() => void) | null = null;
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverPort = (receiver.address() as { port: number }).port;

  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  const rows: Measured[] = [];
  try {
    say(`seeding ${2 * N} ACTIVE sandbox accounts in ${name}`);
    const seed = await openSeedStore(dbUrl, dataDir);
    const tenant = await seedTenant(seed);
    const accounts = await seedAccounts(seed, tenant.workspaceId, 2 * N);
    await seed.close();

    const config = loadConfig({}, { databaseUrl: dbUrl, dataDir, pacing: 'off', logLevel: 'warn', webhookAllowPrivate: true, syncRateLimit: 100_000_000 });
    app = await createApp({ config, logger: createLogger('warn'), role: 'all' });
    await app.server.ready();
    const a = app;
    const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
      const res = await a.server.inject({ method: 'POST', url: `/api/v1/${path}`, headers: { 'content-type': 'application/json', ...tenant.headers, ...extra }, payload: JSON.stringify(body) });
      if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}: ${res.body}`);
      return JSON.parse(res.body) as Record<string, unknown>;
    };
    await post('create_webhook', { url: `http://127.0.0.1:${receiverPort}/hook` });
    // The credentials' first check reads the key; the rest hit the authenticator's cache, as in production.
    await post('get_response', { request_id: 'req_warmup' }).catch(() => {});

    const requestIds: string[] = [];
    const visit = (i: number) => post('visit_profile', { accountId: accounts[i], profile_id: `ACoAAstatements${i}` }, { 'idempotency-key': `statements-${i}` });
    rows.push(
      await measure('accept visit_profile, one at a time', N, async () => {
        for (let i = 0; i < N; i++) requestIds.push(String((await visit(i)).requestId));
      }),
    );
    rows.push(
      await measure('accept visit_profile, 50 concurrent', N, async () => {
        for (let i = N; i < 2 * N; i += 50) {
          const acks = await Promise.all(Array.from({ length: Math.min(50, 2 * N - i) }, (_, j) => visit(i + j)));
          for (const ack of acks) requestIds.push(String(ack.requestId));
        }
      }),
    );
    rows.push(
      await measure('action end to end: claim, run, finish, event, webhook delivered', 2 * N, async () => {
        expected = 2 * N;
        const all = new Promise<void>((r) => (onAllDelivered = r));
        await a.engine.start();
        await a.dispatcher.start();
        await all;
        await a.engine.stop();
        await a.dispatcher.stop();
      }),
    );
    const read = (id: string) => post('get_response', { request_id: id });
    rows.push(
      await measure('get_response, finished, first read', 2 * N, async () => {
        for (let i = 0; i < 2 * N; i += 50) await Promise.all(requestIds.slice(i, i + 50).map(read));
      }),
    );
    rows.push(
      await measure('get_response, finished, read again (kept in memory)', 2 * N, async () => {
        for (let i = 0; i < 2 * N; i += 50) await Promise.all(requestIds.slice(i, i + 50).map(read));
      }),
    );
  } finally {
    await app?.close().catch((err) => say(`close: ${err}`));
    receiver.close();
    await walClient.end().catch(() => {});
    await statsClient.end();
    await database.drop().catch((err) => say(`drop: ${err}`));
    rmSync(dataDir, { recursive: true, force: true });
  }

  const f = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
  const version = (await pgVersion()).replace(/ on .*/, '');
  process.stdout.write(
    `\nwelink statements per operation, commit ${commit}${dirty ? ' (with uncommitted changes)' : ''}, ${new Date().toISOString()}, ${version}, ` +
      `N=${N}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n`,
  );
  process.stdout.write('| Operation (PostgreSQL) | Statements | Round trips | Commits | Rows locked | Rows inserted | WAL bytes | Table growth, bytes | PostgreSQL CPU, µs | Statements by kind |\n');
  process.stdout.write('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
  for (const r of rows) {
    const kinds = Object.entries(r.kinds)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${k} ${f(v)}`)
      .join(', ');
    process.stdout.write(`| ${r.operation} (N=${r.n.toLocaleString('en-US')}) | ${f(r.statements)} | ${f(r.roundTrips)} | ${f(r.commits)} | ${f(r.rowsLocked)} | ${f(r.rowsInserted)} | ${f(r.walBytes)}${r.walRead ? '' : ' (est.)'} | ${f(r.diskBytes)} | ${f(r.pgCpuUs)} | ${kinds} |\n`);
  }
  process.stdout.write(
    `\nWAL bytes: this database's records, read back with pg_walinspect (records on its blocks and its transactions' commit records); ` +
      `"est." where the cluster wrote more than ${Number(WAL_READ_MAX) / 1048576} MB meanwhile (or pg_walinspect is missing): the LSN delta minus the cluster's idle rate; ` +
      `the whole cluster wrote ${rows.map((r) => `${f(r.idleWalPerSec)} B/s`).join(', ')} while this database was idle before each phase. Phase durations: ${rows.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')}.\n`,
  );
}

async function pgVersion(): Promise<string> {
  const c = uncounted(new pg.Client({ connectionString: PG_ADMIN }));
  await c.connect();
  const r = await c.query('SELECT version() AS v');
  await c.end();
  return String(r.rows[0].v);
}

await main();
