// Preloaded into a server process (`node --import ./bench/pg-count.mjs ...`) by bench/engine-cost.ts:
// counts what the process sends to PostgreSQL (bench/pg-counter.mjs has the definitions) and writes
// the counts to $BENCH_PG_COUNT_FILE.<pid> on SIGUSR2 and at exit, so a run's cost per action is a
// difference of two snapshots.
import { renameSync, writeFileSync } from 'node:fs';
import { installPgCounter, snapshot } from './pg-counter.mjs';

installPgCounter();
const file = process.env.BENCH_PG_COUNT_FILE;
// Written aside and renamed: the reader treats the file's appearance as the answer, never half of it.
const dump = () => {
  if (!file) return;
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(snapshot()));
  renameSync(`${file}.${process.pid}.tmp`, `${file}.${process.pid}`);
};
process.on('SIGUSR2', dump);
process.on('exit', dump);
// Written once at load: the file's existence says the handler is in place, so a SIGUSR2 sent after
// it cannot kill the process (SIGUSR2's default action) before the module has run.
dump();
