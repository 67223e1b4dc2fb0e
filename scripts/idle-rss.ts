// Idle RSS of `welink serve` (the built dist/), read as VmRSS from /proc some seconds after /healthz
// first answers, several servers one after another on the same database:
//   node bin/run-ts.mjs scripts/idle-rss.ts [api|all] [sqlite|postgres] [accounts] [readings] [seconds]
// IDLE_RSS_NODE_ARGS adds node flags (space-separated) to each server's command line.
// With IDLE_RSS_DETAIL=1 each server also prints its own process.memoryUsage() and V8 heap spaces
// (through a --require'd hook on SIGUSR2), to see what the RSS is made of.
// A PostgreSQL database is created for the run (postgres@127.0.0.1:5432) and dropped after.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startWelink } from '../bench/procs.ts';
import { openSeedStore, seedAccounts, seedTenant } from '../bench/seed.ts';

const role = (process.argv[2] ?? 'api') as 'api' | 'all';
const dialect = process.argv[3] ?? 'sqlite';
const accounts = Number(process.argv[4] ?? 0);
const readings = Number(process.argv[5] ?? 3);
const settleSeconds = Number(process.argv[6] ?? 3);
const detail = process.env.IDLE_RSS_DETAIL === '1';
const extraNodeArgs = (process.env.IDLE_RSS_NODE_ARGS ?? '').split(' ').filter(Boolean);
const PG_ADMIN = 'postgres://postgres@127.0.0.1:5432/postgres';

const dataDir = mkdtempSync(join(tmpdir(), 'welink-idle-rss-'));
let databaseUrl = '';
let dbName = '';
if (dialect === 'postgres') {
  dbName = `welink_idle_rss_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
}

const hook = join(dataDir, 'memory-hook.cjs');
writeFileSync(
  hook,
  `process.on('SIGUSR2', () => {
    const v8 = require('node:v8');
    const mu = process.memoryUsage();
    const mib = (n) => (n / 1048576).toFixed(1);
    const spaces = v8.getHeapSpaceStatistics().map((s) => s.space_name + '=' + mib(s.space_used_size) + '/' + mib(s.physical_space_size)).join(' ');
    process.stderr.write('MEMORY rss=' + mib(mu.rss) + ' heapTotal=' + mib(mu.heapTotal) + ' heapUsed=' + mib(mu.heapUsed) + ' external=' + mib(mu.external) + ' arrayBuffers=' + mib(mu.arrayBuffers) + ' | used/physical ' + spaces + '\\n');
  });\n`,
);

try {
  const store = await openSeedStore(databaseUrl, dataDir);
  const tenant = await seedTenant(store);
  if (accounts > 0) await seedAccounts(store, tenant.workspaceId, accounts);
  await store.close();
  const values: number[] = [];
  for (let i = 0; i < readings; i++) {
    const server = await startWelink({
      env: { DATABASE_URL: databaseUrl, WELINK_DATA_DIR: dataDir },
      role,
      nodeArgs: [...extraNodeArgs, ...(detail ? ['--require', hook] : [])],
    });
    await new Promise((r) => setTimeout(r, settleSeconds * 1000));
    const rss = server.rssMiB();
    values.push(rss);
    if (detail) {
      const got = new Promise<string>((res) => {
        const onData = (d: Buffer) => {
          const line = d.toString().split('\n').find((l) => l.startsWith('MEMORY'));
          if (line) {
            server.child.stderr?.off('data', onData);
            res(line);
          }
        };
        server.child.stderr?.on('data', onData);
      });
      server.child.kill('SIGUSR2');
      console.log(`  ${await got}`);
    }
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    const anon = /RssAnon:\s+(\d+)/.exec(status)?.[1];
    const file = /RssFile:\s+(\d+)/.exec(status)?.[1];
    console.log(`  reading ${i + 1}: VmRSS ${rss.toFixed(1)} MiB (anon ${(Number(anon) / 1024).toFixed(1)}, file ${(Number(file) / 1024).toFixed(1)})`);
    await server.stop();
  }
  values.sort((a, b) => a - b);
  console.log(
    `idle RSS, serve --role ${role}, ${dialect}, ${accounts} accounts, ${settleSeconds} s after /healthz: ${values.map((v) => v.toFixed(1)).join(', ')} MiB ` +
      `(median ${values[Math.floor(values.length / 2)].toFixed(1)}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
} finally {
  if (dbName) {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
}
