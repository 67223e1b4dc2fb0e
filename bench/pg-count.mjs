// Preloaded into a server process (`node --import ./bench/pg-count.mjs ...`) by bench/engine-cost.ts:
// counts what the process sends to PostgreSQL (bench/pg-counter.mjs has the definitions) and writes
// the counts to $BENCH_PG_COUNT_FILE.<pid> on SIGUSR2 and at exit, so a run's cost per action is a
// difference of two snapshots.
import { writeFileSync } from 'node:fs';
import { installPgCounter, snapshot } from './pg-counter.mjs';

installPgCounter();
const file = process.env.BENCH_PG_COUNT_FILE;
const dump = () => file && writeFileSync(`${file}.${process.pid}`, JSON.stringify(snapshot()));
process.on('SIGUSR2', dump);
process.on('exit', dump);
