#!/usr/bin/env node
// Runs every test file under test/ with node's own test runner (TypeScript through tsx).
// Arguments narrow the run to files whose path contains one of them: `npm test -- webhooks`.
// Tests import src/ directly; the ones that start `bin/welink.mjs` run the build in dist/, as users do,
// so it is brought up to date first (once, rather than by every server those tests start).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { ensureBuilt } from './build.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

// Our engines.node must hold for the whole dependency tree (no EBADENGINE on a version we claim).
const engines = spawnSync(process.execPath, [join(root, 'scripts/check-engines.mjs')], { stdio: 'inherit' });
if (engines.status !== 0) process.exit(1);

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// Files that stop shared services (the PostgreSQL restart test) run alone, after the others.
const isolated = files.filter((f) => f.includes('pg-restart'));
const parallel = files.filter((f) => !isolated.includes(f));

const concurrency = process.env.WELINK_TEST_CONCURRENCY ?? '2';
function run(list, conc) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${conc}`, '--test-reporter=spec', ...list],
      { stdio: 'inherit', cwd: root },
    );
    child.on('exit', (code, signal) => resolve(signal ? 1 : code ?? 1));
  });
}

await ensureBuilt();
let status = parallel.length > 0 ? await run(parallel, concurrency) : 0;
if (isolated.length > 0) status = (await run(isolated, '1')) || status;
process.exit(status);
