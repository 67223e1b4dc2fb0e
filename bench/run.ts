// `npm run bench`: every benchmark of BENCHMARKS.md against freshly started servers on 127.0.0.1,
// SQLite first, then PostgreSQL (a database created for the run and dropped after). Load comes from a
// separate process; every throughput is divided by a bare Fastify JSON route measured in the same run.
//
// Knobs (environment): BENCH_BIG rows for the large get_response store (default 10^7),
// BENCH_SECONDS per load run (10), BENCH_CONNECTIONS (50), BENCH_ACCOUNTS (20000),
// BENCH_ENGINE_REQUESTS (20000 on SQLite), BENCH_ENGINE_REQUESTS_PG (5000), BENCH_ONLY=sqlite|postgres, BENCH_PG_URL (admin URL),
// BENCH_SETTLE=off (figure 6 without settling the stores first),
// BENCH_PARTS to run some parts only
// (api: figures 1, 2, 3, 6, 7; scale: figure 6 alone, with the get_response saturation run that sets
// its rate; default-shape: 1b and the start-up time and RSS of `npm start`'s shape;
// engine: 4, 5; install: 8), BENCH_LOG_DIR to keep the servers' logs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runEngine, type EngineFigures } from './engine.ts';
import { installFigures } from './install.ts';
import { peakRss, runLoad, startBaseline, startWelink, type Proc } from './procs.ts';
import { ms, perSec, progress, record, rows, table } from './report.ts';
import { requestsInPageCache } from './page-cache.ts';
import { createBenchDatabase } from './pg-database.ts';
import { openSeedStore, seedAccounts, seedFinishedRequests, seedTenant, seededRequestId, settleStore, type Tenant } from './seed.ts';
import type { LoadResult } from './load.ts';

const env = process.env;
const BIG = Number(env.BENCH_BIG ?? 10_000_000);
const SMALL = 10_000;
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
const ACCOUNTS = Number(env.BENCH_ACCOUNTS ?? 20_000);
const ENGINE_REQUESTS = Number(env.BENCH_ENGINE_REQUESTS ?? 20_000);
// PostgreSQL runs fewer: on 2 cores shared by PostgreSQL and up to five welink processes it is slower.
const ENGINE_REQUESTS_PG = Number(env.BENCH_ENGINE_REQUESTS_PG ?? 5_000);
const ONLY = env.BENCH_ONLY ?? '';
const PARTS = (env.BENCH_PARTS ?? 'api,default-shape,engine,install').split(',');
const WARMUP = 2;
// Figure 6 settles each store before reading it (settleStore); `off` reads it right after the load,
// as this bench did before, for comparison.
const SETTLE = env.BENCH_SETTLE !== 'off';

type Dialect = 'sqlite' | 'postgres';

interface Db {
  dialect: Dialect;
  databaseUrl: string;
  dataDir: string;
  drop(): Promise<void>;
}

async function freshDb(dialect: Dialect): Promise<Db> {
  const dataDir = mkdtempSync(join(tmpdir(), `welink-bench-${dialect}-`));
  const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { dialect, databaseUrl: '', dataDir, drop: removeDir };
  const pgDb = await createBenchDatabase('welink_bench');
  return {
    dialect,
    databaseUrl: pgDb.url,
    dataDir,
    drop: async () => {
      await pgDb.drop();
      await removeDir();
    },
  };
}

function serverEnv(db: Db, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.databaseUrl,
    WELINK_DATA_DIR: db.dataDir,
    WELINK_SQLITE_SYNCHRONOUS: 'FULL',
    // get_response is limited per key (600/min by default); the benchmark uses one key.
    WELINK_SYNC_RATE_LIMIT: '10000000',
    ...extra,
  };
}

function shuffledBodies(n: number, make: (i: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(make(i));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const randomIds = (count: number, universe: number, from = 0) =>
  shuffledBodies(count, () => JSON.stringify({ request_id: seededRequestId(from + Math.floor(Math.random() * universe)) }));

/**
 * get_response p99 at a fixed rate over `bodies` (ids the server has not read since it started),
 * after a warm-up of the same length as the others' that asks for ids that do not exist: the same
 * lookup, answered 404, so no id of the measured run is read twice.
 */
async function coldLookups(server: Proc, tenant: Tenant, bodies: string[], rate: number): Promise<LoadResult> {
  const spec = { mode: 'paced' as const, url: server.url, path: '/api/v1/get_response', headers: tenant.headers, connections: 64, rate };
  await runLoad({ ...spec, bodies: shuffledBodies(rate * WARMUP, (i) => JSON.stringify({ request_id: `req_absent${i}` })), durationSec: WARMUP });
  return runLoad({ ...spec, bodies, durationSec: SECONDS });
}

function checkClean(what: string, r: LoadResult): string {
  const bad = r.non2xx + r.errors;
  if (bad === 0) return '';
  const note = `${what}: ${bad} of ${r.requests} answers were not 2xx (${JSON.stringify(r.statusCodes)}, errors ${r.errors})`;
  progress(`  !! ${note}`);
  return `; ${bad} non-2xx`;
}

/**
 * The baseline is measured again right before each throughput figure it divides: other work on the
 * machine comes and goes, and only a measurement taken next to the figure cancels it.
 */
async function baseline(label: string): Promise<LoadResult> {
  progress(`baseline for ${label}: bare Fastify JSON POST route, ${CONNECTIONS} connections, ${SECONDS} s (+${WARMUP} s warm-up)`);
  const proc = await startBaseline();
  try {
    const r = await runLoad({
      mode: 'saturate',
      url: proc.url,
      path: '/echo',
      headers: {},
      bodies: [JSON.stringify({ accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz', profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' })],
      connections: CONNECTIONS,
      durationSec: SECONDS,
      warmupSec: WARMUP,
    });
    record({ figure: '0 baseline throughput', dialect: '-', value: perSec(r.rps), detail: `bare Fastify POST, p99 ${ms(r.latency.p99)}, before ${label}`, target: '-', met: null });
    return r;
  } finally {
    await proc.stop();
  }
}

/** Idle RSS is read this long after /healthz first answers: start-up's garbage has been collected, and a loaded machine has let the process finish starting. */
const IDLE_AFTER_MS = 3000;

async function apiFigures(dialect: Dialect): Promise<void> {
  const db = await freshDb(dialect);
  try {
    progress(`${dialect}: seeding a tenant, ${ACCOUNTS.toLocaleString('en-US')} ACTIVE sandbox accounts and ${SMALL.toLocaleString('en-US')} finished requests`);
    const store = await openSeedStore(db.databaseUrl, db.dataDir);
    const tenant: Tenant = await seedTenant(store);
    const accounts = await seedAccounts(store, tenant.workspaceId, ACCOUNTS);
    const [archive] = await seedAccounts(store, tenant.workspaceId, 1);
    await seedFinishedRequests(store, tenant.workspaceId, archive, 0, SMALL);
    await store.close();

    const server: Proc = await startWelink({ env: serverEnv(db), role: 'api' });
    await new Promise((r) => setTimeout(r, IDLE_AFTER_MS));
    const idleRss = server.rssMiB();
    const acceptBodies = shuffledBodies(accounts.length, (i) => JSON.stringify({ accountId: accounts[i], profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' }));
    const accept = (extra: Partial<Parameters<typeof runLoad>[0]>) =>
      runLoad({
        mode: 'saturate',
        url: server.url,
        path: '/api/v1/visit_profile',
        headers: tenant.headers,
        bodies: acceptBodies,
        offset: Math.floor(Math.random() * accounts.length),
        idempotencyPrefix: `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        connections: CONNECTIONS,
        durationSec: SECONDS,
        ...extra,
      });

    let base = await baseline(`${dialect} accept`);
    progress(`${dialect}: 1. accept path at saturation (visit_profile with a unique Idempotency-Key, ${CONNECTIONS} connections, ${SECONDS} s)`);
    const sat = await peakRss([server], accept({ warmupSec: WARMUP }));
    const s1 = sat.value;
    const ratio1 = s1.rps / base.rps;
    record({
      figure: '1 accept throughput / baseline',
      dialect,
      value: ratio1.toFixed(2),
      detail: `${perSec(s1.rps)} vs ${perSec(base.rps)}${dialect === 'sqlite' ? ', synchronous=FULL' : ''}${checkClean('accept', s1)}`,
      target: dialect === 'sqlite' ? '>= 0.4' : '-',
      met: dialect === 'sqlite' ? ratio1 >= 0.4 : null,
    });

    const half = Math.max(10, Math.floor(s1.rps / 2));
    progress(`${dialect}: 3. accept latency at half saturation, ${half}/s for ${SECONDS} s (open-loop paced, then autocannon -R)`);
    const lat = await peakRss([server], accept({ mode: 'paced', rate: half, connections: 64 }));
    const l = lat.value;
    const acR = await accept({ mode: 'rate', rate: half });
    record({
      figure: '3 accept latency p50',
      dialect,
      value: ms(l.latency.p50),
      detail: `at ${half}/s paced; autocannon -R p50 ${ms(acR.latency.p50)}${checkClean('latency', l)}`,
      target: '< 5 ms',
      met: l.latency.p50 < 5,
    });
    record({
      figure: '3 accept latency p99',
      dialect,
      value: ms(l.latency.p99),
      detail: `at ${half}/s paced; autocannon -R p99 ${ms(acR.latency.p99)}`,
      target: '< 10 ms',
      met: l.latency.p99 < 10,
    });

    const getResponse = (extra: Partial<Parameters<typeof runLoad>[0]>) =>
      runLoad({ mode: 'saturate', url: server.url, path: '/api/v1/get_response', headers: tenant.headers, bodies: randomIds(SMALL, SMALL), connections: CONNECTIONS, durationSec: SECONDS, ...extra });
    base = await baseline(`${dialect} get_response`);
    progress(`${dialect}: 2. get_response at saturation (${SMALL.toLocaleString('en-US')} ids in random order, ${CONNECTIONS} connections, ${SECONDS} s)`);
    const g = await peakRss([server], getResponse({ warmupSec: WARMUP }));
    const ratio2 = g.value.rps / base.rps;
    record({
      figure: '2 get_response throughput / baseline',
      dialect,
      value: ratio2.toFixed(2),
      detail: `${perSec(g.value.rps)} vs ${perSec(base.rps)}${checkClean('get_response', g.value)}`,
      target: dialect === 'sqlite' ? '>= 0.8' : '-',
      met: dialect === 'sqlite' ? ratio2 >= 0.8 : null,
    });

    const loadedRss = Math.max(sat.peakMiB, lat.peakMiB, g.peakMiB);
    record({ figure: '7 RSS idle', dialect, value: `${idleRss.toFixed(0)} MiB`, detail: `API process ${IDLE_AFTER_MS / 1000} s after start, ${ACCOUNTS.toLocaleString('en-US')} accounts`, target: '< 120 MiB', met: idleRss < 120 });
    record({ figure: '7 RSS under load', dialect, value: `${loadedRss.toFixed(0)} MiB`, detail: 'peak during the accept and get_response runs', target: '< 250 MiB', met: loadedRss < 250 });

    await server.stop();
    await scaleFigure(db, tenant, archive, g.value.rps);
  } finally {
    await db.drop();
  }
}

/**
 * Figure 6 alone (BENCH_PARTS=scale): a tenant with the small store, the get_response saturation run
 * of figure 2 that sets figure 6's rate, then figure 6.
 */
async function scaleFigures(dialect: Dialect): Promise<void> {
  const db = await freshDb(dialect);
  try {
    progress(`${dialect}: seeding a tenant and ${SMALL.toLocaleString('en-US')} finished requests`);
    const store = await openSeedStore(db.databaseUrl, db.dataDir);
    const tenant = await seedTenant(store);
    const [archive] = await seedAccounts(store, tenant.workspaceId, 1);
    await seedFinishedRequests(store, tenant.workspaceId, archive, 0, SMALL);
    await store.close();
    const server = await startWelink({ env: serverEnv(db), role: 'api' });
    progress(`${dialect}: get_response at saturation, for figure 6's rate (${CONNECTIONS} connections, ${SECONDS} s)`);
    const g = await runLoad({ mode: 'saturate', url: server.url, path: '/api/v1/get_response', headers: tenant.headers, bodies: randomIds(SMALL, SMALL), connections: CONNECTIONS, durationSec: SECONDS, warmupSec: WARMUP });
    await server.stop();
    await scaleFigure(db, tenant, archive, g.rps);
  } finally {
    await db.drop();
  }
}

/**
 * Figure 6 on `db`, which holds SMALL finished requests of `archive`: p99 of lookups with SMALL rows,
 * then with BIG. A moderate fixed rate, the same for both sizes (a quarter of `saturationRps`, at most
 * 1,000/s): p99 then shows the lookup, not a queue. Both sizes are read by a freshly started server,
 * each id at most once: finished answers are kept in memory once read, and figure 6 is about the
 * store's lookup, not that cache. Before each size is read the store is settled as a store in
 * production is (`settleStore`: vacuumed and analyzed, checkpointed); the ids read are not read before.
 */
async function scaleFigure(db: Db, tenant: Tenant, archive: string, saturationRps: number): Promise<void> {
  const dialect = db.dialect;
  const getRate = Math.max(10, Math.min(1000, Math.floor(SMALL / SECONDS), Math.floor(saturationRps / 4)));
  // Settles the store (unless BENCH_SETTLE=off), then reads how much of it is in the page cache.
  const settle = async () => {
    const store = await openSeedStore(db.databaseUrl, db.dataDir);
    const t = Date.now();
    if (SETTLE) await settleStore(store);
    const seconds = Math.round((Date.now() - t) / 1000);
    const cached = await requestsInPageCache(store, db.dataDir);
    await store.close();
    return { seconds, cached: cached ?? 'page cache not read' };
  };
  const smallSettled = await settle();
  let server = await startWelink({ env: serverEnv(db), role: 'api' });
  progress(`${dialect}: 6. get_response latency with ${SMALL.toLocaleString('en-US')} stored requests, ${getRate}/s paced for ${SECONDS} s, each id once`);
  const small = await coldLookups(server, tenant, shuffledBodies(SMALL, (i) => JSON.stringify({ request_id: seededRequestId(i) })), getRate);
  checkClean('get_response small', small);
  await server.stop();

  if (BIG <= SMALL) {
    record({ figure: '6 get_response p99 large / small', dialect, value: 'not run', detail: `p99 ${ms(small.latency.p99)} with ${SMALL.toLocaleString('en-US')} rows (BENCH_BIG <= ${SMALL})`, target: '<= 1.5', met: null });
    return;
  }
  const bulk = dialect === 'postgres';
  progress(`${dialect}: 6. seeding the large store up to ${BIG.toLocaleString('en-US')} requests (BENCH_BIG)${bulk ? ', indexes dropped during the load and built again after' : ''}`);
  const big = await openSeedStore(db.databaseUrl, db.dataDir);
  let lastShown = 0;
  const t0 = Date.now();
  const elapsed = () => Math.round((Date.now() - t0) / 1000);
  await seedFinishedRequests(
    big,
    tenant.workspaceId,
    archive,
    SMALL,
    BIG,
    (done) => {
      if (done - lastShown >= 1_000_000 || done === BIG - SMALL) {
        lastShown = done;
        progress(`  seeded ${(SMALL + done).toLocaleString('en-US')} / ${BIG.toLocaleString('en-US')} (${elapsed()} s)`);
      }
    },
    { bulk, vacuum: SETTLE, onPhase: (what) => progress(`  ${what} (${elapsed()} s)`) },
  );
  await big.close();
  const seedSeconds = elapsed();
  progress(`  seeded in ${seedSeconds} s${SETTLE ? `; settling the store (${dialect === 'postgres' ? 'VACUUM (ANALYZE, FREEZE), CHECKPOINT' : 'ANALYZE, wal_checkpoint(TRUNCATE)'})` : ''}`);
  const largeSettled = await settle();
  server = await startWelink({ env: serverEnv(db), role: 'api' });
  progress(`${dialect}: 6. get_response latency with ${BIG.toLocaleString('en-US')} stored requests, ${getRate}/s paced for ${SECONDS} s, each id once`);
  // Ids above SMALL: none of them was read by the small run.
  const large = await coldLookups(server, tenant, randomIds(Math.ceil(getRate * SECONDS), BIG - SMALL, SMALL), getRate);
  checkClean('get_response large', large);
  await server.stop();
  const ratio6 = large.latency.p99 / small.latency.p99;
  record({
    figure: '6 get_response p99 large / small',
    dialect,
    value: ratio6.toFixed(2),
    detail:
      `p99 ${ms(large.latency.p99)} with ${BIG.toLocaleString('en-US')} rows vs ${ms(small.latency.p99)} with ${SMALL.toLocaleString('en-US')}, at ${getRate}/s, ` +
      `ids not read before (store lookups); large store seeded in ${seedSeconds} s${bulk ? ' (bulk: indexes built after the load)' : ''}${SETTLE ? `, settled in ${largeSettled.seconds} s` : ', not settled (BENCH_SETTLE=off)'}; ` +
      `before reading: ${largeSettled.cached} (large), ${smallSettled.cached} (small)`,
    target: '<= 1.5',
    met: ratio6 <= 1.5,
  });
}

/**
 * Figure 1b: acceptance as `npm start` runs it, API and engine in one process (`serve`), with
 * WELINK_PACING=off so the engine runs the accepted visits while acceptance goes on; the same load
 * as figure 1. Also that process's start-up time (spawn to the first 200 from /healthz) and its RSS
 * idle and under this load (the engine's sandbox world included).
 */
async function defaultShapeFigures(dialect: Dialect): Promise<void> {
  const db = await freshDb(dialect);
  try {
    progress(`${dialect}: seeding a tenant and ${ACCOUNTS.toLocaleString('en-US')} ACTIVE sandbox accounts`);
    const store = await openSeedStore(db.databaseUrl, db.dataDir);
    const tenant = await seedTenant(store);
    const accounts = await seedAccounts(store, tenant.workspaceId, ACCOUNTS);
    await store.close();

    const loadAtStart = loadavg()[0].toFixed(1);
    const server = await startWelink({ env: serverEnv(db, { WELINK_PACING: 'off' }), role: 'all' });
    await new Promise((r) => setTimeout(r, IDLE_AFTER_MS));
    const idleRss = server.rssMiB();
    const bodies = shuffledBodies(accounts.length, (i) => JSON.stringify({ accountId: accounts[i], profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' }));
    const base = await baseline(`${dialect} accept, npm start shape`);
    progress(`${dialect}: 1b. accept path at saturation, API and engine in one process, WELINK_PACING=off (${CONNECTIONS} connections, ${SECONDS} s)`);
    const sat = await peakRss(
      [server],
      runLoad({
        mode: 'saturate',
        url: server.url,
        path: '/api/v1/visit_profile',
        headers: tenant.headers,
        bodies,
        offset: Math.floor(Math.random() * accounts.length),
        idempotencyPrefix: `bench-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        connections: CONNECTIONS,
        durationSec: SECONDS,
        warmupSec: WARMUP,
      }),
    );
    await server.stop();
    const counts = await openSeedStore(db.databaseUrl, db.dataDir);
    const done = await counts.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'SUCCESS').executeTakeFirstOrThrow();
    await counts.close();

    const ratio = sat.value.rps / base.rps;
    const withTarget = dialect === 'sqlite';
    record({
      figure: '1b accept throughput / baseline, npm start shape',
      dialect,
      value: ratio.toFixed(2),
      detail: `${perSec(sat.value.rps)} vs ${perSec(base.rps)}; the engine finished ${Number(done.n).toLocaleString('en-US')} visits meanwhile${checkClean('accept, npm start shape', sat.value)}`,
      target: withTarget ? '>= 0.3' : '-',
      met: withTarget ? ratio >= 0.3 : null,
    });
    record({ figure: '7 start-up time, npm start shape', dialect, value: `${Math.round(server.startMs)} ms`, detail: `node bin/welink.mjs serve: spawn to the first 200 from /healthz, ${ACCOUNTS.toLocaleString('en-US')} accounts, load average ${loadAtStart}`, target: '-', met: null });
    record({ figure: '7 RSS idle, npm start shape', dialect, value: `${idleRss.toFixed(0)} MiB`, detail: `API and engine process ${IDLE_AFTER_MS / 1000} s after start`, target: '< 120 MiB', met: idleRss < 120 });
    record({ figure: '7 RSS under load, npm start shape', dialect, value: `${sat.peakMiB.toFixed(0)} MiB`, detail: 'peak during 1b (the engine generated the sandbox world and ran the visits)', target: '< 250 MiB', met: sat.peakMiB < 250 });
  } finally {
    await db.drop();
  }
}

function recordEngine(dialect: Dialect, label: string, f: EngineFigures, withTarget: boolean): void {
  record({
    figure: `4 engine completed/s${label}`,
    dialect,
    value: perSec(f.perSecond),
    detail: `${f.completed.toLocaleString('en-US')} visit_profile requests, WELINK_PACING=off, ${f.countedBy}${f.incomplete ? `; ${f.incomplete} not finished in time` : ''}`,
    target: withTarget ? '>= 2,000/s' : '-',
    met: withTarget ? f.perSecond >= 2000 : null,
  });
  if (f.webhookLatency) {
    record({ figure: `5 finish-to-webhook p50${label}`, dialect, value: ms(f.webhookLatency.p50), detail: `p99 ${ms(f.webhookLatency.p99)}, during the engine run`, target: '< 20 ms', met: f.webhookLatency.p50 < 20 });
  } else if (withTarget || label.includes('1 worker')) {
    record({ figure: `5 finish-to-webhook${label}`, dialect, value: 'n/a', detail: f.webhookNote, target: '< 20 ms', met: null });
  }
}

async function engineFigures(dialect: Dialect): Promise<void> {
  const plans: { label: string; workers: number }[] = dialect === 'sqlite' ? [{ label: '', workers: 0 }] : [{ label: ', 1 worker', workers: 1 }, { label: ', 4 workers', workers: 4 }];
  for (const plan of plans) {
    const db = await freshDb(dialect);
    try {
      const requests = dialect === 'sqlite' ? ENGINE_REQUESTS : ENGINE_REQUESTS_PG;
      progress(
        `${dialect}: 4. engine end to end, ${requests.toLocaleString('en-US')} queued requests, ${plan.workers === 0 ? 'one process (API and worker)' : `API process + ${plan.workers} worker process(es)`}`,
      );
      const f = await runEngine({ dialect, env: serverEnv(db, { WELINK_PACING: 'off' }), db, workers: plan.workers, requests });
      recordEngine(dialect, plan.label, f, dialect === 'sqlite');
    } finally {
      await db.drop();
    }
  }
}

async function main(): Promise<void> {
  progress(`welink benchmarks: ${SECONDS} s per load run, ${CONNECTIONS} connections, large store ${BIG.toLocaleString('en-US')} rows (BENCH_BIG)`);
  // The servers run the build in dist/, as users do: bring it up to date before anything is timed.
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const dialects: Dialect[] = ONLY ? [ONLY as Dialect] : ['sqlite', 'postgres'];
  for (const d of dialects) {
    if (PARTS.includes('api')) await apiFigures(d);
    else if (PARTS.includes('scale')) await scaleFigures(d);
    // Figure 1b has a target on SQLite only: that is the database `npm start` uses.
    if (PARTS.includes('default-shape') && d === 'sqlite') await defaultShapeFigures(d);
    if (PARTS.includes('engine')) await engineFigures(d);
  }
  if (PARTS.includes('install')) await installFigures();
  process.stdout.write(`\nwelink benchmarks, ${new Date().toISOString()}, ${process.version}, BENCH_BIG=${BIG}, ${SECONDS} s per run, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n`);
  process.stdout.write(table() + '\n');
  const missed = rows.filter((r) => r.met === false).length;
  process.stdout.write(`\n${missed === 0 ? 'every target met' : `${missed} target(s) missed`}\n`);
}

await main();
