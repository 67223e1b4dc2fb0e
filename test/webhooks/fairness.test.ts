import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { emitEvent } from '../../src/events/emit.ts';
import { testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver, Stall } from '../helpers/receiver.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Delivery is fair: one tenant's backlog (many endpoints, thousands of deliveries) used to hold back
 * every other tenant's events, since deliveries were claimed oldest first across all tenants; and a
 * slow endpoint could take every slot of the dispatcher.
 */
forEachDialect('fair webhook delivery', (env) => {
  let t: TestApp;
  let slow: Receiver;
  let fast: Receiver;
  const held: (() => void)[] = [];
  before(async () => {
    t = await testApp(env(), { webhookTimeoutMs: 60_000, webhookEndpointConcurrency: 4 });
    slow = await Receiver.start();
    // The busy tenant's receiver answers only when the test lets it.
    slow.handle = (_req, res) => held.push(() => res.writeHead(200).end('ok'));
    fast = await Receiver.start();
  });
  after(async () => {
    // Let the held attempts (and any that follow) answer, so the dispatcher stops at once.
    slow.handle = (_req, res) => res.writeHead(200).end('ok');
    for (const release of held) release();
    await t.app.dispatcher.stop();
    await slow.down();
    await fast.down();
    await t.close();
  });

  /** `events` events of the tenant, each fanned out to its every endpoint, committed at once. */
  const backlog = async (tenant: Tenant, events: number) => {
    await t.app.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < events; i++) {
        await emitEvent(trx, { workspaceId: tenant.workspaceId, accountId: null, requestId: null, type: 'WEBHOOK_TEST', payload: { event: 'WEBHOOK_TEST', event_type: '/api/v1/test_webhook', status: 'SUCCESS', webhookId: 'whk_backlog', message: `backlog ${i}` } }, t.clock.now());
      }
    });
  };
  const leased = async (workspaceId: string) =>
    Number(
      (await t.app.store.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('lease_until', 'is not', null).where('status', '=', 'PENDING').executeTakeFirstOrThrow())
        .n,
    );

  it("another tenant's event is delivered at once while a tenant with 20 endpoints has 2,000 deliveries queued, and a slow endpoint holds at most its own slots", async () => {
    const busy = await t.tenant();
    for (let i = 0; i < 20; i++) assert.equal((await busy.post('create_webhook', { url: `${slow.url}?e=${i}` })).status, 200);
    await backlog(busy, 100);
    // The other tenant's event is the newest of all.
    t.clock.advance(1000);
    const other = await t.tenant();
    const hook = await other.post('create_webhook', { url: fast.url });
    const test = await other.post('test_webhook', { webhookId: hook.body.webhookId });

    await t.app.dispatcher.start();
    await waitFor("the other tenant's event arrives", () => fast.byId(test.body.deliveryId).length === 1);
    // The busy tenant's endpoints are all stuck answering: each holds at most 4 attempts.
    const inFlight = await leased(busy.workspaceId);
    assert.ok(inFlight <= 20 * 4, `${inFlight} attempts in flight for 20 endpoints`);
    const perEndpoint = await t.app.store.db
      .selectFrom('webhook_deliveries')
      .select(['endpoint_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', busy.workspaceId)
      .where('lease_until', 'is not', null)
      .where('status', '=', 'PENDING')
      .groupBy('endpoint_id')
      .execute();
    assert.ok(perEndpoint.every((e) => Number(e.n) <= 4), JSON.stringify(perEndpoint));
    const pending = await t.app.store.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', busy.workspaceId).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
    assert.ok(Number(pending.n) > 1900, `the backlog is still there (${pending.n} pending): the other tenant did not wait for it`);
  });
});

forEachDialect('fair webhook delivery within one workspace', (env) => {
  const LIMIT = 2;
  let t: TestApp;
  let slow: Receiver;
  let fast: Receiver;
  let stall: Stall;
  before(async () => {
    t = await testApp(env(), { webhookTimeoutMs: 60_000, webhookEndpointConcurrency: LIMIT });
    slow = await Receiver.start();
    stall = new Stall(slow);
    fast = await Receiver.start();
  });
  after(async () => {
    stall.open();
    await t.app.dispatcher.stop();
    await slow.down();
    await fast.down();
    await t.close();
  });

  it('a fast endpoint of a busy workspace is served while its slow endpoint is stuck, which holds at most its own slots', async () => {
    const busy = await t.tenant();
    assert.equal((await busy.post('create_webhook', { url: slow.url })).status, 200);
    assert.equal((await busy.post('create_webhook', { url: fast.url })).status, 200);
    const events = 60;
    await t.app.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < events; i++) {
        await emitEvent(trx, { workspaceId: busy.workspaceId, accountId: null, requestId: null, type: 'WEBHOOK_TEST', payload: { event: 'WEBHOOK_TEST', event_type: '/api/v1/test_webhook', status: 'SUCCESS', webhookId: 'whk_backlog', message: `backlog ${i}` } }, t.clock.now());
      }
    });

    await t.app.dispatcher.start();
    await waitFor('every event reaches the fast endpoint', () => new Set(fast.received.map((r) => r.headers['webhook-id'])).size === events, 60_000);
    await waitFor('the slow endpoint holds its slots', () => stall.inFlight === LIMIT);
    // Nothing of the slow endpoint was answered, so nothing more of it was claimed.
    assert.equal(slow.received.length, LIMIT);
    assert.equal(stall.most, LIMIT);
    const pending = async () =>
      Number((await t.app.store.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', busy.workspaceId).where('status', '=', 'PENDING').executeTakeFirstOrThrow()).n);
    // The fast endpoint's last answers may still be being recorded.
    await waitFor("the fast endpoint's deliveries are recorded done; the slow endpoint's all wait", async () => (await pending()) === events);

    // Answered, it takes its turn again, never more than its slots at once.
    stall.release();
    await waitFor('the slow endpoint gets its next ones', () => slow.received.length === 2 * LIMIT && stall.inFlight === LIMIT);
    assert.equal(stall.most, LIMIT);
  });
});
