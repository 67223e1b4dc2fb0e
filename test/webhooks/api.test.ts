import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { newId } from '../../src/lib/ids.ts';
import { loggedInAccount, testApp, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver } from '../helpers/receiver.ts';

const NOT_FOUND_WEBHOOK = { statusCode: 404, error: 'Not Found', code: 'WEBHOOK_NOT_FOUND', message: 'No webhook endpoint with this id in this workspace.' };
const NOT_FOUND_DELIVERY = { statusCode: 404, error: 'Not Found', code: 'DELIVERY_NOT_FOUND', message: 'No webhook delivery with this id in this workspace.' };

forEachDialect('webhook API', (env) => {
  let t: TestApp;
  let r: Receiver;
  before(async () => {
    t = await testApp(env(), { webhookRetrySchedule: [0, 1, 1, 1] });
    r = await Receiver.start();
  });
  after(async () => {
    await t.close();
    await r.down();
  });

  it('create, list, update, delete; the secret appears only at creation', async () => {
    const tenant = await t.tenant();
    const created = await tenant.post('create_webhook', { url: r.url, events: ['CONNECTION_SENT'], description: 'CRM' });
    assert.equal(created.status, 200);
    const { secret, ...view } = created.body;
    assert.match(secret, /^whsec_/);
    const at = new Date(t.clock.now()).toISOString();
    assert.deepEqual(view, {
      webhookId: view.webhookId,
      url: r.url,
      description: 'CRM',
      events: ['CONNECTION_SENT'],
      enabled: true,
      disabledReason: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      createdAt: at,
      updatedAt: at,
    });
    const list = await tenant.post('list_webhooks', {});
    assert.deepEqual(list.body, { webhooks: [view] });

    const upd = await tenant.post('update_webhook', { webhookId: view.webhookId, events: null, description: null, enabled: false });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.events, null);
    assert.equal(upd.body.description, null);
    assert.equal(upd.body.enabled, false);
    assert.equal(upd.body.disabledReason, 'Disabled with update_webhook.');
    const on = await tenant.post('update_webhook', { webhookId: view.webhookId, enabled: true });
    assert.equal(on.body.disabledReason, null);
    assert.ok(!JSON.stringify([list.body, upd.body, on.body]).includes(secret));

    const stored = await t.app.store.db.selectFrom('webhook_endpoints').select('secret').where('id', '=', view.webhookId).executeTakeFirstOrThrow();
    assert.ok(!stored.secret.includes(secret), 'sealed at rest');
    assert.equal(t.app.services.sealer.open(stored.secret), secret);

    const del = await tenant.post('delete_webhook', { webhookId: view.webhookId });
    assert.deepEqual(del.body, { webhookId: view.webhookId, deleted: true });
    assert.deepEqual((await tenant.post('list_webhooks', {})).body, { webhooks: [] });
    assert.deepEqual((await tenant.post('delete_webhook', { webhookId: view.webhookId })).body, NOT_FOUND_WEBHOOK);
  });

  it('validates bodies with the standard error', async () => {
    const tenant = await t.tenant();
    const noUrl = await tenant.post('create_webhook', {});
    assert.equal(noUrl.status, 400);
    assert.equal(noUrl.body.code, 'VALIDATION_FAILED');
    const badEvents = await tenant.post('create_webhook', { url: r.url, events: [] });
    assert.equal(badEvents.status, 400);
    const badRange = await tenant.post('replay_failed_webhook_deliveries', { from: 'yesterday', to: '2026-01-01T00:00:00Z' });
    assert.deepEqual(badRange.body, {
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'Invalid request: from must be an ISO 8601 date-time.',
      details: [{ field: 'from', problem: 'must be an ISO 8601 date-time' }],
    });
    const badStatus = await tenant.post('list_webhook_deliveries', { status: 'LOST' });
    assert.equal(badStatus.status, 400);
  });

  it('get_events pages through the ordered log with after', async () => {
    const tenant = await t.tenant();
    const accountId = await loggedInAccount(t, tenant);
    for (let i = 0; i < 4; i++) await tenant.post('visit_profile', { accountId, profile_id: `ACoAAevents${i}` });
    await t.app.engine.drain();
    const all = await tenant.post('get_events', {});
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.events.map((e: any) => [e.seq, e.type]),
      [
        [1, 'LOGIN_SUCCESS'],
        [2, 'PROFILE_VIEWED'],
        [3, 'PROFILE_VIEWED'],
        [4, 'PROFILE_VIEWED'],
        [5, 'PROFILE_VIEWED'],
      ],
    );
    assert.equal(all.body.nextAfter, 5);
    assert.equal(all.body.hasMore, false);
    const e = all.body.events[1];
    assert.equal(e.accountId, accountId);
    assert.match(e.eventId, /^evt_/);
    assert.equal(e.payload.requestId, e.requestId);
    assert.equal(e.payload.event, 'PROFILE_VIEWED');

    const seen: number[] = [];
    let after = 0;
    for (let page = 0; page < 10; page++) {
      const res = await tenant.post('get_events', { after, limit: 2 });
      seen.push(...res.body.events.map((x: any) => x.seq));
      after = res.body.nextAfter;
      if (!res.body.hasMore) break;
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    const end = await tenant.post('get_events', { after: 5 });
    assert.deepEqual(end.body, { events: [], nextAfter: 5, hasMore: false });
  });

  it('list_webhook_deliveries pages with a cursor, newest first', async () => {
    const tenant = await t.tenant();
    const created = await tenant.post('create_webhook', { url: r.url });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await tenant.post('test_webhook', { webhookId: created.body.webhookId })).body.deliveryId);
    await t.app.dispatcher.runDue();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await tenant.post('list_webhook_deliveries', { webhookId: created.body.webhookId, limit: 2, ...(cursor ? { cursor } : {}) });
      assert.equal(res.status, 200);
      seen.push(...res.body.deliveries.map((d: any) => d.deliveryId));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    assert.deepEqual(seen, [...ids].reverse());
    const pending = await tenant.post('list_webhook_deliveries', { status: 'PENDING' });
    assert.deepEqual(pending.body.deliveries, []);
  });

  it("another workspace's webhook and delivery ids answer 404 exactly like missing ones", async () => {
    const owner = await t.tenant();
    const other = await t.tenant();
    const created = await owner.post('create_webhook', { url: r.url });
    const webhookId = created.body.webhookId;
    const deliveryId = (await owner.post('test_webhook', { webhookId })).body.deliveryId;
    await t.app.dispatcher.runDue();
    const missingWebhook = newId('whk');
    const missingDelivery = newId('dlv');

    const probes: [string, (id: string) => Record<string, unknown>, string, string, unknown][] = [
      ['update_webhook', (id) => ({ webhookId: id, enabled: false }), webhookId, missingWebhook, NOT_FOUND_WEBHOOK],
      ['delete_webhook', (id) => ({ webhookId: id }), webhookId, missingWebhook, NOT_FOUND_WEBHOOK],
      ['rotate_webhook_secret', (id) => ({ webhookId: id }), webhookId, missingWebhook, NOT_FOUND_WEBHOOK],
      ['test_webhook', (id) => ({ webhookId: id }), webhookId, missingWebhook, NOT_FOUND_WEBHOOK],
      ['list_webhook_deliveries', (id) => ({ webhook_id: id }), webhookId, missingWebhook, NOT_FOUND_WEBHOOK],
      ['replay_failed_webhook_deliveries', (id) => ({ webhookId: id, from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }), webhookId, missingWebhook, NOT_FOUND_WEBHOOK],
      ['replay_webhook_delivery', (id) => ({ deliveryId: id }), deliveryId, missingDelivery, NOT_FOUND_DELIVERY],
    ];
    for (const [op, body, foreign, missing, expected] of probes) {
      const a = await other.post(op, body(foreign));
      const b = await other.post(op, body(missing));
      assert.equal(a.status, 404, op);
      assert.deepEqual(a.body, expected, op);
      assert.deepEqual(b.body, expected, op);
    }
    assert.deepEqual((await other.post('list_webhooks', {})).body, { webhooks: [] });
    assert.deepEqual((await other.post('list_webhook_deliveries', {})).body, { deliveries: [], nextCursor: null });
    assert.deepEqual((await other.post('get_events', {})).body, { events: [], nextAfter: 0, hasMore: false });
    // Untouched for the owner.
    const mine = await owner.post('list_webhooks', {});
    assert.equal(mine.body.webhooks[0].enabled, true);
    assert.equal((await owner.post('list_webhook_deliveries', { webhookId })).body.deliveries[0].deliveryId, deliveryId);
  });

  it('deleting an endpoint fails its pending deliveries and leaves the log; they cannot be replayed', async () => {
    const tenant = await t.tenant();
    const created = await tenant.post('create_webhook', { url: r.url });
    const webhookId = created.body.webhookId;
    const test = await tenant.post('test_webhook', { webhookId });
    await tenant.post('delete_webhook', { webhookId });
    await t.app.dispatcher.runDue();
    assert.equal(r.byId(test.body.deliveryId).length, 0);
    const [d] = (await tenant.post('list_webhook_deliveries', {})).body.deliveries;
    assert.equal(d.status, 'FAILED');
    assert.equal(d.lastError, 'ENDPOINT_DELETED: the endpoint was deleted.');
    const replay = await tenant.post('replay_webhook_delivery', { deliveryId: d.deliveryId });
    assert.deepEqual(replay.body, { ...NOT_FOUND_WEBHOOK, message: 'The endpoint of this delivery was deleted; it cannot be replayed.' });
  });
});
