// Counts the SQL statements one acceptance costs on SQLite, a figure that does not depend on the
// machine's load: `node bin/run-ts.mjs bench/accept-statements.ts sqlite`. Each acceptance runs alone
// (its own group-commit batch), so BEGIN and COMMIT add 2 per batch on top. On PostgreSQL,
// bench/statements.ts counts the same acceptance through the whole app, with round trips and commits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';
import { actionByName } from '../src/actions/catalogue.ts';
import { Acceptor } from '../src/engine/accept.ts';
import { systemClock } from '../src/lib/clock.ts';
import { Sealer } from '../src/lib/secrets.ts';
import { GroupCommitter } from '../src/store/group-commit.ts';
import { openSeedStore, seedAccounts, seedTenant } from './seed.ts';

class Counter implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.n++;
    return args.result;
  }
}

const which = process.argv[2] ?? 'sqlite';
if (which !== 'sqlite') {
  process.stderr.write(`accept-statements counts SQLite only; for PostgreSQL run: node bin/run-ts.mjs bench/statements.ts\n`);
  process.exit(2);
}
const dataDir = mkdtempSync(join(tmpdir(), 'welink-statements-'));
const store = await openSeedStore('', dataDir);
const tenant = await seedTenant(store);
const accounts = await seedAccounts(store, tenant.workspaceId, 10);
const counter = new Counter();
const db = store.db.withPlugin(counter);
const acceptor = new Acceptor({
  committer: new GroupCommitter(db),
  clock: systemClock,
  sealer: new Sealer(Buffer.alloc(32, 7)),
  rateLimit: { limit: 30, windowMs: 3_600_000 },
  minPauseMs: 0,
  idempotencyTtlMs: 86_400_000,
  maxAccountsPerWorkspace: 100,
  loginsPerHour: 3,
  onQueued: () => {},
});
const action = actionByName('visit_profile')!;
const apiKeyId = (await store.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()).id;
const N = 20;
for (const withKey of [true, false]) {
  counter.n = 0;
  for (let i = 0; i < N; i++) {
    const a = await acceptor.accept({
      workspaceId: tenant.workspaceId,
      apiKeyId,
      action,
      body: { accountId: accounts[i % accounts.length], profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' },
      idempotencyKey: withKey ? `k-${i}` : undefined,
    });
    if (a.kind !== 'accepted') throw new Error(JSON.stringify(a));
  }
  console.log(`${which}: ${counter.n / N} statements per acceptance ${withKey ? 'with' : 'without'} an Idempotency-Key (+ BEGIN and COMMIT per group-commit batch)`);
}
await store.close();
rmSync(dataDir, { recursive: true, force: true });
