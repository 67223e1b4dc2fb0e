// CPU time per get_response call with no network in between: Fastify's inject() against an app built
// from src/ (SQLite, logs at warn as the bench runs them, the credential cache on), answers served
// from the finished-response cache. What is left is routing, hooks, authentication, parsing,
// validation, the handler and the reply, which is what changes in this file's subject.
//   node bin/run-ts.mjs scripts/inject-cost.ts [calls] [rounds]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load.ts';
import { openSeedStore, seedAccounts, seedFinishedRequests, seedTenant, seededRequestId } from '../bench/seed.ts';

const calls = Number(process.argv[2] ?? 20000);
const rounds = Number(process.argv[3] ?? 5);
const dataDir = mkdtempSync(join(tmpdir(), 'welink-inject-cost-'));
try {
  const store = await openSeedStore('', dataDir);
  const tenant = await seedTenant(store);
  const [account] = await seedAccounts(store, tenant.workspaceId, 1);
  await seedFinishedRequests(store, tenant.workspaceId, account, 0, 1000);
  await store.close();
  const config = loadConfig({}, { dataDir, logLevel: 'warn', syncRateLimit: 10_000_000 });
  const app = await createApp({ config, role: 'api' });
  await app.server.ready();
  const headers = { ...tenant.headers, 'content-type': 'application/json' };
  const call = (i: number) => app.server.inject({ method: 'POST', url: '/api/v1/get_response', headers, payload: JSON.stringify({ request_id: seededRequestId(i % 1000) }) });
  for (let i = 0; i < 5000; i++) if ((await call(i)).statusCode !== 200) throw new Error('not 200');
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call(i);
    const used = process.cpuUsage(before);
    perCall.push((used.user + used.system) / calls);
  }
  perCall.sort((a, b) => a - b);
  console.log(`get_response through inject: ${perCall.map((v) => v.toFixed(1)).join(', ')} us CPU/call (median ${perCall[Math.floor(rounds / 2)].toFixed(1)}), ${calls} calls a round, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await app.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
