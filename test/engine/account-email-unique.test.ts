import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';
import { apiClient, startServe, stopAll, type ServeProcess } from '../helpers/processes.ts';

const why = await postgresUnavailable();
if (why && pgRequired) throw new Error(why);

// Concurrent logins for one new email used to create several accounts (each with its own hourly
// limit and lane) when they went through several API processes: the database now forbids it.
describe('one account per email across API processes on PostgreSQL', { skip: why ?? false, timeout: 120000 }, () => {
  let drop: () => Promise<void>;
  let store: Store;
  let dataDir: string;
  const procs: ServeProcess[] = [];

  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-acc-'));
    store = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    const env = {
      DATABASE_URL: fresh.url,
      WELINK_DATA_DIR: dataDir,
      WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
      WELINK_PACING: 'off',
      WELINK_SYNC_RATE_LIMIT: '100000',
      // 30 logins of one account at once: this test is about duplicates, not the login limit.
      WELINK_LOGINS_PER_HOUR: '100',
      LOG_LEVEL: 'warn',
    };
    procs.push(...(await Promise.all(Array.from({ length: 3 }, () => startServe({ role: 'api', env })))));
  });

  after(async () => {
    await stopAll(procs);
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('30 concurrent login_v2 for a new email over 3 processes, 4 rounds: one account each time, every login on it', async () => {
    const key = await createKey(store.db, { name: 'dup', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    const clients = procs.map((p) => apiClient(p.url, key));
    for (let round = 0; round < 4; round++) {
      const email = `Race.${round}@Example.com`;
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => clients[i % clients.length].post('login_v2', { email: i % 2 ? email : email.toLowerCase(), password: 'pw' })),
      );
      assert.deepEqual(
        answers.map((a) => a.status).filter((s) => s !== 200),
        [],
        JSON.stringify(answers.find((a) => a.status !== 200)?.body),
      );
      const accountIds = new Set(answers.map((a) => a.body.accountId));
      assert.equal(accountIds.size, 1, `round ${round}: accounts ${[...accountIds].join(', ')}`);
      const rows = await store.db.selectFrom('accounts').select(['id', 'email']).where('workspace_id', '=', key.workspaceId).where('email', '=', email.toLowerCase()).execute();
      assert.deepEqual(rows.map((r) => r.id), [...accountIds]);
    }
  });
});

forEachDialect('one account per email', (env) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(env());
  });
  after(async () => t.close());

  it('a login for a disconnected account\'s email creates a new account; the old id stays gone', async () => {
    const tenant = await t.tenant();
    const first = await tenant.post('login_v2', { email: 'again@example.com', password: 'pw' });
    await t.app.engine.drain();
    assert.equal((await tenant.post('disconnect_account', { accountId: first.body.accountId })).status, 200);
    const second = await tenant.post('login_v2', { email: 'AGAIN@example.com', password: 'pw' });
    assert.equal(second.status, 200);
    assert.notEqual(second.body.accountId, first.body.accountId);
    const again = await tenant.post('login_v2', { email: 'again@example.com', password: 'pw' });
    assert.equal(again.body.accountId, second.body.accountId);
    assert.equal((await tenant.post('get_ln_account_details', { accountId: first.body.accountId })).status, 404);
  });

  it('the database refuses a second live account with the same email in a workspace', async () => {
    const tenant = await t.tenant();
    const a = await tenant.post('login_v2', { email: 'twice@example.com', password: 'pw' });
    const row = await t.app.store.db.selectFrom('accounts').selectAll().where('id', '=', a.body.accountId).executeTakeFirstOrThrow();
    await assert.rejects(t.app.store.db.insertInto('accounts').values({ ...row, id: `${row.id}x` }).execute());
  });
});

forEachDialect('accounts per workspace', (env) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(env(), { maxAccountsPerWorkspace: 2 });
  });
  after(async () => t.close());

  it('a login that would add an account past the limit gets 403 ACCOUNT_LIMIT_REACHED; existing ones log in again; disconnected ones do not count', async () => {
    const tenant = await t.tenant();
    const a = await tenant.post('login_v2', { email: 'one@example.com', password: 'pw' });
    const b = await tenant.post('login_v2', { email: 'two@example.com', password: 'pw' });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const c = await tenant.post('login_v2', { email: 'three@example.com', password: 'pw' });
    assert.equal(c.status, 403);
    assert.equal(c.body.code, 'ACCOUNT_LIMIT_REACHED');
    assert.match(c.body.message, /limit of 2 LinkedIn accounts/);
    assert.equal((await tenant.post('login_v2', { email: 'two@example.com', password: 'pw' })).status, 200, 'an existing account logs in again');
    await t.app.engine.drain();
    assert.equal((await tenant.post('disconnect_account', { accountId: a.body.accountId })).status, 200);
    assert.equal((await tenant.post('login_v2', { email: 'three@example.com', password: 'pw' })).status, 200);
    const other = await t.tenant();
    assert.equal((await other.post('login_v2', { email: 'one@example.com', password: 'pw' })).status, 200, 'the limit is per workspace');
  });
});
