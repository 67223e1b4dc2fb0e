import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { purge } from '../../src/engine/purge.ts';
import { newId } from '../../src/lib/ids.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

const DAY = 86400000;

forEachDialect('retention purge', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let accountId: string;
  before(async () => {
    t = await testApp(env(), { retentionDays: 30, rateLimit: 1000 });
    tenant = await t.tenant();
    const now = t.clock.now();
    await t.app.store.db
      .insertInto('webhook_endpoints')
      .values({
        id: newId('whe', now),
        workspace_id: tenant.workspaceId,
        url: 'http://127.0.0.1:9/hook',
        description: null,
        events: null,
        enabled: 1,
        disabled_reason: null,
        secret: 'whsec_test',
        previous_secret: null,
        previous_secret_expires_at: null,
        failing_since: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    accountId = await loggedInAccount(t, tenant, 'purge.me@example.com');
  });
  after(() => t.close());

  const db = () => t.app.store.db;
  const count = async (table: 'requests' | 'events' | 'webhook_deliveries' | 'webhook_attempts' | 'idempotency_keys') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /** One attempt row per delivery, as the dispatcher would have logged. */
  const logAttempts = async () => {
    const deliveries = await db().selectFrom('webhook_deliveries').select(['id', 'workspace_id']).execute();
    const logged = new Set((await db().selectFrom('webhook_attempts').select('delivery_id').execute()).map((a) => a.delivery_id));
    for (const d of deliveries.filter((x) => !logged.has(x.id))) {
      await db()
        .insertInto('webhook_attempts')
        .values({ id: newId('wha'), delivery_id: d.id, workspace_id: d.workspace_id, attempted_at: t.clock.now(), duration_ms: 3, status_code: 500, outcome: 'FAILED', excerpt: null })
        .execute();
    }
  };

  it('deletes finished requests past retention with their events, deliveries and attempts, and expired keys', async () => {
    const done = [];
    for (let i = 0; i < 3; i++) done.push((await tenant.post('visit_profile', { accountId, profile_id: `ACoAAold${i}` }, { 'idempotency-key': `old-${i}` })).body.requestId);
    const cancelled = (await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAcancel' })).body.requestId;
    assert.equal((await tenant.post('cancel_request', { request_id: cancelled })).status, 200);
    await t.app.engine.drain();
    await logAttempts();
    const finishedAt = t.clock.now();
    assert.ok((await count('events')) >= 5);
    assert.ok((await count('webhook_attempts')) >= 5);

    // A queued request older than the retention stays: only finished ones are purged.
    const queued = (await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAqueued' })).body.requestId;

    // Within retention nothing goes, but the Idempotency-Keys expire after 24 hours.
    t.clock.set(finishedAt + 30 * DAY);
    const early = await t.app.engine.purge();
    assert.deepEqual(early, { requests: 0, idempotencyKeys: 3, syncSeen: 0 });
    assert.equal(await count('idempotency_keys'), 0);

    // A newer request finished later stays after the older ones are gone.
    t.clock.advance(1000);
    const recent = (await tenant.post('visit_profile', { accountId, profile_id: 'ACoAArecent' })).body.requestId;
    t.clock.advance(1000);
    await t.app.engine.drain();
    assert.equal((await db().selectFrom('requests').select('status').where('id', '=', queued).executeTakeFirstOrThrow()).status, 'SUCCESS');
    await logAttempts();

    t.clock.set(finishedAt + 30 * DAY + 1);
    const counts = await t.app.engine.purge();
    assert.equal(counts.requests, 5); // login, three visits, the cancelled one
    const left = (await db().selectFrom('requests').select('id').orderBy('id').execute()).map((r) => r.id);
    assert.deepEqual(left, [queued, recent].sort());
    for (const id of [...done, cancelled]) {
      assert.equal((await db().selectFrom('events').select('id').where('request_id', '=', id).execute()).length, 0);
      assert.equal((await db().selectFrom('webhook_deliveries').select('id').where('request_id', '=', id).execute()).length, 0);
    }
    const deliveries = await db().selectFrom('webhook_deliveries').select(['id', 'request_id']).execute();
    assert.ok(deliveries.length >= 2 && deliveries.every((d) => d.request_id === queued || d.request_id === recent));
    const orphanAttempts = await db()
      .selectFrom('webhook_attempts')
      .select('id')
      .where('delivery_id', 'not in', deliveries.map((d) => d.id))
      .execute();
    assert.equal(orphanAttempts.length, 0);
    assert.equal(await count('webhook_attempts'), deliveries.length);

    // Running it again finds nothing.
    assert.deepEqual(await t.app.engine.purge(), { requests: 0, idempotencyKeys: 0, syncSeen: 0 });
  });

  it('works through a backlog in small batches', async () => {
    t.clock.advance(DAY); // the first test set the clock back a little; let the lane's pause end
    const n = 23;
    for (let i = 0; i < n; i++) await tenant.post('visit_profile', { accountId, profile_id: `ACoAAbulk${i}` }, { 'idempotency-key': `bulk-${i}` });
    await t.app.engine.drain();
    const before = await count('requests');
    t.clock.advance(31 * DAY);
    const counts = await purge(db(), t.clock.now(), { retentionMs: 30 * DAY, batchSize: 4 });
    assert.deepEqual(counts, { requests: before, idempotencyKeys: n, syncSeen: 0 });
    assert.equal(await count('requests'), 0);
    assert.equal(await count('events'), 0);
    assert.equal(await count('webhook_deliveries'), 0);
    assert.equal(await count('webhook_attempts'), 0);
    // maxBatches bounds one call; the next call continues.
    for (let i = 0; i < 9; i++) await tenant.post('visit_profile', { accountId, profile_id: `ACoAAmore${i}` });
    await t.app.engine.drain();
    t.clock.advance(31 * DAY);
    assert.equal((await purge(db(), t.clock.now(), { retentionMs: 30 * DAY, batchSize: 2, maxBatches: 2 })).requests, 4);
    assert.equal((await purge(db(), t.clock.now(), { retentionMs: 30 * DAY, batchSize: 2 })).requests, 5);
  });

  it('keeps requests the rate-limit window still counts', async () => {
    await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAwindow' });
    await t.app.engine.drain();
    t.clock.advance(2 * DAY);
    const opts = { retentionMs: 1 * DAY, rateWindowMs: 3 * DAY };
    assert.equal((await purge(db(), t.clock.now(), opts)).requests, 0);
    t.clock.advance(1 * DAY);
    assert.equal((await purge(db(), t.clock.now(), opts)).requests, 1);
  });

  it('forgets live sync dedupe marks older than the retention, in batches', async () => {
    const now = t.clock.now();
    const marks = [...Array(5)].map((_, i) => ({ account_id: accountId, kind: 'message', key: `2-old${i}`, seen_at: now - 31 * DAY }));
    await db()
      .insertInto('sync_seen')
      .values([...marks, { account_id: accountId, kind: 'connection', key: 'ACoAAnew', seen_at: now - DAY }])
      .execute();
    assert.equal((await purge(db(), now, { retentionMs: 30 * DAY, batchSize: 2 })).syncSeen, 5);
    assert.deepEqual((await db().selectFrom('sync_seen').select('key').execute()).map((r) => r.key), ['ACoAAnew']);
  });
});
