// What an action costs PostgreSQL, independent of machine load: run 4 of the engine benchmark
// (BENCH_ENGINE_REQUESTS_PG visit_profile requests queued on 1,000 accounts, WELINK_PACING=off, a
// webhook per request) with every server process counting the statements it sends (bench/pg-count.mjs),
// and PostgreSQL's own count of committed transactions in the run's database (pg_stat_database), both
// from right before the requests are queued to the last webhook's arrival, divided by the requests.
//
//   node bin/run-ts.mjs bench/engine-cost.ts            # BENCH_WORKERS=1,4 by default
//
// Includes everything the processes do meanwhile (the API process idling, heartbeats, sweeps, empty
// claims), which is part of the cost.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { runEngine } from './engine.ts';
import type { PgCount } from './pg-counter.mjs';
import { createBenchDatabase } from './pg-database.ts';
import type { Proc } from './procs.ts';

const REQUESTS = Number(process.env.BENCH_ENGINE_REQUESTS_PG ?? 5000);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,4').split(',').map(Number);

type Counts = Omit<PgCount, 'kinds'>;
const zero = (): Counts => ({ queries: 0, transactionControl: 0, begins: 0, commits: 0, rollbacks: 0, notifies: 0, lockedBySelect: 0 });

async function snapshot(procs: Proc[], file: string): Promise<Counts> {
  const path = (p: Proc) => `${file}.${p.child.pid}`;
  const waitAll = async (ok: (p: Proc) => boolean) => {
    for (let i = 0; i < 1200 && !procs.every(ok); i++) await new Promise((r) => setTimeout(r, 50));
  };
  // A process that has not loaded pg-count.mjs yet would die of the signal: wait for its first file.
  await waitAll((p) => existsSync(path(p)));
  // Then the file is removed and its reappearance is the answer (an mtime compared with Date.now()
  // fails: file times come from the kernel's coarse clock, several ms behind).
  for (const p of procs) rmSync(path(p), { force: true });
  for (const p of procs) p.child.kill('SIGUSR2');
  await waitAll((p) => existsSync(path(p)));
  const total = zero();
  for (const p of procs) {
    if (!existsSync(path(p))) throw new Error(`process ${p.child.pid} (exit ${p.child.exitCode}, signal ${p.child.signalCode}) wrote no counts within 60 s`);
    const c = JSON.parse(readFileSync(path(p), 'utf8')) as PgCount;
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  return total;
}

async function xactCommits(url: string, name: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // The statistics are sent by each backend when its transaction ends or it idles: wait for them.
  await new Promise((r) => setTimeout(r, 1100));
  await c.query('select pg_stat_clear_snapshot()');
  const r = await c.query('select xact_commit from pg_stat_database where datname = $1', [name]);
  await c.end();
  return Number(r.rows[0].xact_commit);
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (const workers of WORKERS) {
    const database = await createBenchDatabase('welink_cost');
    const { name } = database;
    const dataDir = mkdtempSync(join(tmpdir(), 'welink-cost-'));
    const u = new URL(database.url);
    const file = join(dataDir, 'pg-count');
    let before = zero();
    let after = zero();
    let commitsBefore = 0;
    let commitsAfter = 0;
    try {
      const f = await runEngine({
        dialect: 'postgres',
        env: { DATABASE_URL: u.toString(), WELINK_DATA_DIR: dataDir, WELINK_PACING: 'off', BENCH_PG_COUNT_FILE: file },
        db: { databaseUrl: u.toString(), dataDir },
        workers,
        requests: REQUESTS,
        // Counts are divided by completed actions: let every one complete, however loaded the machine.
        timeoutMs: 1_800_000,
        nodeArgs: ['--import', resolve(import.meta.dirname, 'pg-count.mjs')],
        onPhase: async (phase, procs) => {
          if (phase === 'queueing') {
            before = await snapshot(procs, file);
            commitsBefore = await xactCommits(u.toString(), name);
          } else {
            after = await snapshot(procs, file);
            commitsAfter = await xactCommits(u.toString(), name);
          }
        },
      });
      const n = f.completed;
      if (f.incomplete > 0) process.stdout.write(`  !! ${f.incomplete} requests not completed: the counts below are not per action\n`);
      const per = (k: keyof Counts) => ((after[k] - before[k]) / n).toFixed(2);
      process.stdout.write(
        `${workers} worker(s), ${n} actions (webhook received), ${Math.round(f.perSecond)}/s, finish-to-webhook p50 ${f.webhookLatency?.p50} ms, load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n` +
          `  per action: queries sent (round trips; BEGIN and COMMIT included) ${per('queries')}, statements other than transaction control ${((after.queries - after.transactionControl - (before.queries - before.transactionControl)) / n).toFixed(2)}, BEGIN ${per('begins')}, COMMIT ${per('commits')}, ROLLBACK ${per('rollbacks')}, NOTIFY ${per('notifies')}; ` +
          `pg_stat_database xact_commit ${((commitsAfter - commitsBefore) / n).toFixed(2)}\n`,
      );
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

await main();
