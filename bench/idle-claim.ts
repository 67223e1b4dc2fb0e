// The engine's lane claim on an idle server: 20,000 ACTIVE accounts, nothing queued, the claim the
// engine's loop runs every poll (WELINK_POLL_MS) timed 3 x 20 times through Kysely, as the engine runs it.
//
//   node bin/run-ts.mjs bench/idle-claim.ts [postgres://...database]     # default: a fresh SQLite file
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDueLanes } from '../src/store/lane-claims.ts';
import { openSeedStore, seedAccounts, seedTenant } from './seed.ts';

const url = process.argv[2] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'welink-idle-claim-'));
const store = await openSeedStore(url, dir);
try {
  const t = await seedTenant(store);
  await seedAccounts(store, t.workspaceId, 20000);
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await claimDueLanes(store.db, { owner: 'idle', now: Date.now(), leaseMs: 1000, n: 32, statuses: ['ACTIVE'] });
    console.log(`${store.dialect}: ${(((performance.now() - t0) / 20) * 1000).toFixed(0)} µs per idle claim, load ${loadavg()[0].toFixed(1)}`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
