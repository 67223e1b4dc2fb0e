// Profiles one hot path of a SQLite server with --cpu-prof and prints the functions with the most
// self time: `node bin/run-ts.mjs bench/profile.ts accept|accept-all|get_response|engine [seconds]`
// (accept-all: the accept load on `npm start`'s shape, API and engine in one process, pacing off;
// engine: figure 4's run on SQLite, BENCH_ENGINE_REQUESTS visits (20,000) queued on 1,000 accounts and
// run to their webhooks by one process with pacing off; the seconds are ignored). PROFILE_DB=postgres
// runs accept and get_response against a PostgreSQL database of their own (BENCH_PG_URL's server);
// PROFILE_RATE=n sends n requests a second, evenly paced, instead of saturating (figure 3's load).
// The server runs the bundle in dist/; its frames are reported under the src/ module they come from.
// The .cpuprofile file stays in the printed folder (open it in Chrome DevTools for the full tree).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runEngine } from './engine.ts';
import { createBenchDatabase } from './pg-database.ts';
import { runLoad, startWelink } from './procs.ts';
import { openSeedStore, seedAccounts, seedFinishedRequests, seedTenant, seededRequestId } from './seed.ts';

const what = process.argv[2] ?? 'accept';
const seconds = Number(process.argv[3] ?? 8);
const dataDir = mkdtempSync(join(tmpdir(), 'welink-profile-'));
const profDir = join(dataDir, 'prof');
const profileArgs = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
if (what === 'engine') {
  const requests = Number(process.env.BENCH_ENGINE_REQUESTS ?? 20000);
  const f = await runEngine({
    dialect: 'sqlite',
    env: { WELINK_DATA_DIR: dataDir, WELINK_SQLITE_SYNCHRONOUS: 'FULL', WELINK_PACING: 'off', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    db: { databaseUrl: '', dataDir },
    workers: 0,
    requests,
    nodeArgs: profileArgs,
  });
  console.log(`engine: ${Math.round(f.perSecond)}/s ${f.countedBy}, finish-to-webhook p50 ${f.webhookLatency?.p50} ms, ${f.completed} completed`);
} else {
  const pgDb = process.env.PROFILE_DB === 'postgres' ? await createBenchDatabase('welink_profile') : null;
  const store = await openSeedStore(pgDb?.url ?? '', dataDir);
  const tenant = await seedTenant(store);
  const accounts = await seedAccounts(store, tenant.workspaceId, 20000);
  await seedFinishedRequests(store, tenant.workspaceId, accounts[0], 0, 10000);
  await store.close();

  const server = await startWelink({
    env: {
      ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
      WELINK_DATA_DIR: dataDir,
      WELINK_SQLITE_SYNCHRONOUS: 'FULL',
      WELINK_SYNC_RATE_LIMIT: '10000000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(what === 'accept-all' ? { WELINK_PACING: 'off' } : {}),
    },
    role: what === 'accept-all' ? 'all' : 'api',
    nodeArgs: profileArgs,
  });
  const bodies = process.env.PROFILE_BODY
    ? [process.env.PROFILE_BODY]
    : what.startsWith('accept')
      ? accounts.slice(1).map((a) => JSON.stringify({ accountId: a, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' }))
      : Array.from({ length: 10000 }, () => JSON.stringify({ request_id: seededRequestId(Math.floor(Math.random() * 10000)) }));
  const r = await runLoad({
    ...(process.env.PROFILE_RATE ? { mode: 'paced' as const, rate: Number(process.env.PROFILE_RATE) } : { mode: 'saturate' as const }),
    url: server.url,
    path: what.startsWith('accept') ? '/api/v1/visit_profile' : '/api/v1/get_response',
    headers: tenant.headers,
    bodies,
    idempotencyPrefix: what.startsWith('accept') ? `prof-${Date.now()}` : undefined,
    connections: 50,
    durationSec: seconds,
  });
  await server.stop();
  await pgDb?.drop();
  console.log(`${what}${pgDb ? ' (postgres)' : ''}: ${Math.round(r.rps)}/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, codes ${JSON.stringify(r.statusCodes)}`);
}

// esbuild heads each module of the bundle with a `// src/...` line: a frame in dist/cli.js belongs to
// the last such module at or above its line.
const ROOT = resolve(import.meta.dirname, '..');
const bundleLines = readFileSync(join(ROOT, 'dist/cli.js'), 'utf8').split('\n');
const moduleStarts: { line: number; module: string }[] = [];
bundleLines.forEach((line, i) => {
  if (/^\/\/ src\/.*\.ts$/.test(line)) moduleStarts.push({ line: i, module: line.slice(3) });
});
function sourceOf(url: string, line: number): string {
  const path = url.replace(/^file:\/\//, '');
  if (path === join(ROOT, 'dist/cli.js')) {
    let module = 'dist/cli.js';
    for (const m of moduleStarts) {
      if (m.line > line) break;
      module = m.module;
    }
    return `${module} (dist/cli.js:${line + 1})`;
  }
  return `${path.replace(/.*node_modules\//, 'nm/').replace(`${ROOT}/`, '')}:${line + 1}`;
}

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] };
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
const prof = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: Node[] };
const self = new Map<string, number>();
let total = 0;
for (const n of prof.nodes) {
  const key = `${n.callFrame.functionName || '(anon)'} ${sourceOf(n.callFrame.url, n.callFrame.lineNumber)}`;
  self.set(key, (self.get(key) ?? 0) + n.hitCount);
  total += n.hitCount;
}
const byFile = new Map<string, number>();
for (const [k, v] of self) {
  const f = k.split(' ')[1]?.replace(/:\d+$/, '') ?? '';
  byFile.set(f, (byFile.get(f) ?? 0) + v);
}
console.log('\nself time by function:');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log('\nself time by file:');
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
// Inclusive time of our own functions and of the libraries' entry points we call.
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const inclusive = new Map<string, number>();
const keyOf = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${sourceOf(n.callFrame.url, n.callFrame.lineNumber)}`;
const walk = (n: Node, onStack: Set<string>): number => {
  let t = n.hitCount;
  const k = keyOf(n);
  const fresh = !onStack.has(k);
  if (fresh) onStack.add(k);
  for (const c of n.children ?? []) t += walk(byId.get(c)!, onStack);
  if (fresh) {
    onStack.delete(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  }
  return t;
};
walk(prof.nodes[0], new Set());
// Who calls the hottest native functions.
const parents = new Map<number, Node>();
for (const n of prof.nodes) for (const c of n.children ?? []) parents.set(c, n);
for (const hot of ['writev', 'executeQuery']) {
  const callers = new Map<string, number>();
  for (const n of prof.nodes) {
    if (n.callFrame.functionName !== hot) continue;
    const chain: string[] = [];
    let p = parents.get(n.id);
    for (let i = 0; p && i < 8; i++, p = parents.get(p.id)) chain.push(p.callFrame.functionName || '(anon)');
    const k = chain.join(' < ');
    callers.set(k, (callers.get(k) ?? 0) + n.hitCount);
  }
  console.log(`\ncallers of ${hot}:`);
  for (const [k, v] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
console.log('\ninclusive time (src/ and fastify/kysely entry points):');
for (const [k, v] of [...inclusive].filter(([k]) => /src\/|nm\/(fastify|kysely|pino)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
console.log(`\nprofile: ${join(profDir, file)}`);
