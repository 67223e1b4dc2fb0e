// Preloaded into a server process (`node --import ./bench/pg-count.mjs ...`) by bench/engine-cost.ts:
// counts every statement the process sends to PostgreSQL through `pg` (each one a round trip), the
// BEGINs and COMMITs among them, and writes the counts to $BENCH_PG_COUNT_FILE.<pid> on SIGUSR2 and
// at exit, so a run's cost per action is a difference of two snapshots.
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const counts = { statements: 0, begins: 0, commits: 0, rollbacks: 0, notifies: 0 };
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === 'string' ? config : config?.text;
  if (typeof text === 'string') {
    counts.statements++;
    const head = text.trimStart().slice(0, 8).toLowerCase();
    if (head.startsWith('begin')) counts.begins++;
    else if (head.startsWith('commit')) counts.commits++;
    else if (head.startsWith('rollback')) counts.rollbacks++;
    else if (head.startsWith('notify')) counts.notifies++;
  }
  return original.call(this, config, ...rest);
};

const file = process.env.BENCH_PG_COUNT_FILE;
const dump = () => file && writeFileSync(`${file}.${process.pid}`, JSON.stringify(counts));
process.on('SIGUSR2', dump);
process.on('exit', dump);
