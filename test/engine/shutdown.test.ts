import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { actionByName } from '../../src/actions/catalogue.ts';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { gatedSandbox } from '../helpers/gated-sandbox.ts';
import { apiClient } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

onPostgres('graceful shutdown of a worker process', { timeout: 120000 }, () => {
  let c: ProcessCluster;
  before(async () => {
    c = await processCluster('postgres', {
      WELINK_RATE_LIMIT: '1000',
      WELINK_WORKER_CONCURRENCY: '4',
      WELINK_POLL_MS: '200',
      // Each action takes a while, so the SIGTERM lands while the worker is in the middle of some.
      WELINK_FAULT_ACTION_DELAY_MS: '400',
    });
  });
  after(() => c?.close());

  it('SIGTERM: the worker finishes what it runs, exits 0, and the other worker does the rest; nothing is lost or run twice', async () => {
    const key = await c.key('shutdown');
    const [apiProc, first] = await Promise.all([c.start('api'), c.start('worker')]);
    const api = apiClient(apiProc.url, key);

    const accountIds: string[] = [];
    for (let i = 0; i < 6; i++) accountIds.push((await api.post('login_v2', { email: `term.${i}@example.com`, password: 'pw' })).body.accountId);
    await waitFor('accounts active', async () => (await c.store.db.selectFrom('accounts').select('id').where('status', '=', 'ACTIVE').execute()).length === 6, 20000);
    const firstOwner = (await c.store.db.selectFrom('requests').select('ran_by').limit(1).executeTakeFirstOrThrow()).ran_by!;

    await c.start('worker');

    const ids: string[] = [];
    for (let j = 0; j < 6; j++) {
      for (const accountId of accountIds) {
        const res = await api.post('connect', { accountId, profile_id: `ACoAAterm${ids.length}` });
        assert.equal(res.status, 200);
        ids.push(res.body.requestId);
      }
    }
    // Wait for the first worker to be mid-action, then ask it to stop.
    let runningAtTerm: string[] = [];
    await waitFor('the first worker runs something', async () => {
      const rows = await c.store.db.selectFrom('requests').select('id').where('status', '=', 'RUNNING').where('lease_owner', '=', firstOwner).execute();
      runningAtTerm = rows.map((r) => r.id);
      return rows.length > 0;
    }, 20000);
    first.kill('SIGTERM');
    const exit = await first.exited;
    assert.equal(exit.code, 0, first.stderr());

    // It finished what it was running (the grace period is longer than an action) and holds nothing.
    const held = await c.store.db.selectFrom('requests').select('id').where('lease_owner', '=', firstOwner).execute();
    assert.equal(held.length, 0);
    const lanes = await c.store.db.selectFrom('accounts').select('id').where('lease_owner', '=', firstOwner).execute();
    assert.equal(lanes.length, 0);
    const atTerm = await c.store.db.selectFrom('requests').select(['id', 'status', 'ran_by']).where('id', 'in', runningAtTerm).execute();
    for (const r of atTerm) {
      assert.equal(r.status, 'SUCCESS');
      assert.equal(r.ran_by, firstOwner);
    }

    const leftOver = (await c.store.db.selectFrom('requests').select('id').where('status', '=', 'QUEUED').execute()).map((r) => r.id);
    await waitFor('the second worker finished the rest', async () => (await c.store.db.selectFrom('requests').select('id').where('status', 'in', ['QUEUED', 'RUNNING']).execute()).length === 0, 40000, 200);
    const rows = await c.store.db.selectFrom('requests').select(['id', 'action', 'status', 'attempts', 'ran_by']).where('id', 'in', ids).execute();
    assert.equal(rows.length, ids.length);
    for (const r of rows) {
      assert.equal(r.status, 'SUCCESS');
      assert.equal(Number(r.attempts), 1, `${r.id} ran ${r.attempts} times`);
    }
    assert.ok(leftOver.length > 0, 'work was left when the first worker stopped');
    for (const r of rows.filter((x) => leftOver.includes(x.id))) assert.notEqual(r.ran_by, firstOwner, 'the second worker took over');
    const effects = await c.store.db.selectFrom('sandbox_effects').select('request_id').where('request_id', 'in', ids).execute();
    assert.equal(effects.length, ids.length);
    assert.equal(new Set(effects.map((e) => e.request_id)).size, ids.length);
  });
});

forEachDialect('engine.stop hands back what outlives the grace period', (env) => {
  let t: TestApp;
  const gated = gatedSandbox(() => t.app.store.db);
  before(async () => {
    t = await testApp(env(), { pollMs: 20 }, { providers: { sandbox: gated.provider } });
  });
  after(() => t.close());

  it('a running request past the grace period goes back to QUEUED, and the next run checks before acting', async () => {
    const db = t.app.store.db;
    const tenant = await t.tenant();
    const login = await tenant.post('login_v2', { email: 'stop.me@example.com', password: 'pw' });
    await t.app.engine.drain();
    // The attempt does its effect, then hangs past the grace period: the effect happened, unrecorded.
    const gate = gated.hold('visit_profile', { effectFirst: true });
    const ack = (await tenant.post('visit_profile', { accountId: login.body.accountId, profile_id: 'ACoAAhang' })).body;

    await t.app.engine.start();
    await gate.reached;
    assert.equal((await db.selectFrom('requests').select('status').where('id', '=', ack.requestId).executeTakeFirstOrThrow()).status, 'RUNNING');
    await t.app.engine.stop(100);
    const back = await db.selectFrom('requests').selectAll().where('id', '=', ack.requestId).executeTakeFirstOrThrow();
    assert.equal(back.status, 'QUEUED');
    assert.equal(back.lease_owner, null);
    assert.notEqual(back.effect_started_at, null, 'the interrupted attempt is remembered');
    const lane = await db.selectFrom('accounts').select('lease_owner').where('id', '=', login.body.accountId).executeTakeFirstOrThrow();
    assert.equal(lane.lease_owner, null);
    assert.equal((await db.selectFrom('sandbox_effects').select('id').where('request_id', '=', ack.requestId).execute()).length, 1, 'the hung attempt did its effect');

    // The abandoned call ends late, successfully: its outcome must not be recorded over the handed-back
    // request. stop() waits for runs still in flight, so once it returns the late finish has been tried.
    gate.release();
    await t.app.engine.stop(10_000);
    assert.equal((await db.selectFrom('requests').select('status').where('id', '=', ack.requestId).executeTakeFirstOrThrow()).status, 'QUEUED');

    assert.equal(await t.app.engine.drain(), 1);
    const done = await db.selectFrom('requests').selectAll().where('id', '=', ack.requestId).executeTakeFirstOrThrow();
    assert.equal(done.status, 'SUCCESS');
    assert.equal(Number(done.attempts), 2);
    // The second attempt asked the sandbox and found the effect instead of visiting again.
    const effects = await db.selectFrom('sandbox_effects').select('id').where('request_id', '=', ack.requestId).execute();
    assert.equal(effects.length, 1);
    assert.ok(actionByName('visit_profile')?.sideEffect);
  });
});
