// Counts the SQL statements (on PostgreSQL: round trips) one acceptance costs, a figure that does not
// depend on the machine's load: `node bin/run-ts.mjs bench/accept-statements.ts [sqlite|postgres]`.
// Each acceptance runs alone (its own group-commit batch), so BEGIN and COMMIT add 2 per batch on top.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
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
let url = '';
let dropDb: (() => Promise<void>) | null = null;
if (which === 'postgres') {
  const name = `welink_statements_${process.pid}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`create database ${name}`);
  url = `postgres://postgres@127.0.0.1:5432/${name}`;
  dropDb = async () => {
    await admin.query(`drop database ${name}`);
    await admin.end();
  };
}
const store = await openSeedStore(url, mkdtempSync(join(tmpdir(), 'welink-statements-')));
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
await dropDb?.();
