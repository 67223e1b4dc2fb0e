import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { verifyWelinkHash } from '../../src/webhooks/signature.ts';
import { loggedInAccount, testApp, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver } from '../helpers/receiver.ts';
import { connect, createHook, deliveries, SCHEDULE, STEP, verifiesWith, welinkRule } from '../helpers/webhooks.ts';

forEachDialect('webhook delivery', (env) => {
  let t: TestApp;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };
  /** A tenant with a logged-in account; its login happened before any endpoint exists. */
  const fresh = async () => {
    const tenant = await t.tenant();
    const accountId = await loggedInAccount(t, tenant, `user.${Math.random().toString(36).slice(2, 8)}@example.com`);
    return { tenant, accountId };
  };

  // Each test its own app, so its own manual clock: some tests move time hours ahead, and others need
  // it near the real time (standardwebhooks checks the timestamp against the system clock).
  beforeEach(async () => {
    t = await testApp(env(), { webhookRetrySchedule: SCHEDULE, webhookDisableAfterHours: 1, rateLimit: 1000 });
    t.clock.set(Date.now());
  });
  afterEach(() => t.close());
  after(async () => {
    for (const r of receivers) await r.down();
  });

  it('every delivery of a connect request verifies with standardwebhooks and the We-Link hash, and carries the event log payload', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    const hook = await createHook(tenant, r.url);
    const ok = await connect(tenant, accountId, 'ACoAAwebhook1');
    const failed = await connect(tenant, accountId, 'not-found-webhook');
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();

    assert.equal(r.received.length, 2);
    const events = (await tenant.post('get_events', {})).body.events;
    for (const got of r.received) {
      assert.deepEqual(new Webhook(hook.secret).verify(got.body, got.headers as Record<string, string>), JSON.parse(got.body));
      assert.ok(verifyWelinkHash(got.body, hook.secret));
      assert.ok(welinkRule(got.body, hook.secret));
      assert.equal(got.headers['content-type'], 'application/json');
      assert.match(String(got.headers['webhook-id']), /^dlv_/);
      assert.equal(got.headers['webhook-timestamp'], String(Math.floor(t.clock.now() / 1000)));
      // The body is the event log's payload, byte for byte, with `hash` last.
      const { hash, ...payload } = JSON.parse(got.body);
      assert.match(hash, /^[0-9a-f]{64}$/);
      assert.ok(got.body.endsWith(`,"hash":"${hash}"}`));
      const event = events.find((e: any) => e.requestId === payload.requestId);
      assert.equal(JSON.stringify(event.payload), JSON.stringify(payload));
      assert.equal(payload.accountId, accountId);
    }
    const bodies = r.received.map((x) => JSON.parse(x.body));
    const sent = bodies.find((b) => b.requestId === ok);
    assert.equal(sent.event, 'CONNECTION_SENT');
    assert.equal(sent.status, 'SUCCESS');
    assert.equal(sent.result.profile_id, 'ACoAAwebhook1');
    const refused = bodies.find((b) => b.request_id === failed);
    assert.equal(refused.event, 'CONNECTION_FAILED');
    assert.equal(refused.status, 'PROFILE_NOT_FOUND');

    const [d] = await deliveries(tenant, { request_id: ok });
    assert.equal(d.status, 'DELIVERED');
    assert.equal(d.webhookId, hook.webhookId);
    assert.equal(d.deliveryId, r.received.find((x) => JSON.parse(x.body).requestId === ok)!.headers['webhook-id']);
    assert.equal(d.eventType, 'CONNECTION_SENT');
    assert.equal(d.lastStatusCode, 200);
    assert.equal(d.attempts.length, 1);
    assert.deepEqual({ ...d.attempts[0], durationMs: 0 }, { attemptedAt: new Date(t.clock.now()).toISOString(), statusCode: 200, durationMs: 0, outcome: 'DELIVERED', excerpt: 'ok' });
  });

  it('a receiver down for the first attempts gets every event in the end, under the same webhook-id, and each attempt is logged', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    const hook = await createHook(tenant, r.url);
    await r.down(); // attempt 1: connection refused
    const ids = [await connect(tenant, accountId, 'ACoAAdown1'), await connect(tenant, accountId, 'ACoAAdown2'), await connect(tenant, accountId, 'ACoAAdown3')];
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();

    await r.up(); // attempt 2: up but failing
    r.handle = (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
    t.clock.advance(STEP);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 3);

    r.handle = (_req, res) => res.writeHead(204).end(); // attempt 3: delivered
    t.clock.advance(STEP);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 6);

    const list = await deliveries(tenant, { webhook_id: hook.webhookId });
    assert.equal(list.length, 3);
    assert.deepEqual(new Set(list.map((d) => d.requestId)), new Set(ids), 'every event has its delivery');
    for (const d of list) {
      assert.equal(d.status, 'DELIVERED');
      assert.deepEqual(
        d.attempts.map((a: any) => [a.outcome, a.statusCode]),
        [
          ['CONNECTION_FAILED', null],
          ['HTTP_ERROR', 503],
          ['DELIVERED', 204],
        ],
      );
      assert.match(d.attempts[0].excerpt, /ECONNREFUSED/);
      assert.equal(d.attempts[1].excerpt, 'busy');
      const arrivals = r.byId(d.deliveryId);
      assert.equal(arrivals.length, 2, 'the two attempts that reached the receiver carry the same webhook-id');
      for (const a of arrivals) {
        assert.ok(verifiesWith(a, hook.secret));
        assert.equal(JSON.parse(a.body).requestId, d.requestId);
      }
      assert.equal(arrivals[0].body, arrivals[1].body, 'the same bytes each time');
    }
    const endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.failingSince, null, 'a success ends the failing streak');
  });

  it('an exhausted schedule marks the delivery FAILED; replaying it (by period) and replaying a delivered one resend under the same webhook-id', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    r.handle = (_req, res) => res.writeHead(500).end('boom');
    const hook = await createHook(tenant, r.url);
    const created = t.clock.now();
    const requestId = await connect(tenant, accountId, 'ACoAAexhaust');
    await t.app.engine.drain();
    for (let i = 0; i < SCHEDULE.length + 2; i++) {
      await t.app.dispatcher.runDue();
      t.clock.advance(STEP);
    }
    let [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'FAILED');
    assert.equal(d.attempts.length, SCHEDULE.length, 'one attempt per schedule step, no more');
    assert.equal(d.lastStatusCode, 500);
    assert.equal(d.lastError, 'HTTP 500');
    assert.equal(d.nextAttemptAt, null);
    assert.equal((await deliveries(tenant, { status: 'FAILED' })).length, 1);
    assert.equal((await deliveries(tenant, { status: 'DELIVERED' })).length, 0);
    let endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.enabled, true);
    assert.ok(endpoint.failingSince);

    r.handle = (_req, res) => res.writeHead(200).end('ok');
    const outside = await tenant.post('replay_failed_webhook_deliveries', { from: new Date(created - 3600_000).toISOString(), to: new Date(created - 1).toISOString() });
    assert.deepEqual(outside.body, { replayed: 0 });
    const replay = await tenant.post('replay_failed_webhook_deliveries', { from: new Date(created).toISOString(), to: new Date(t.clock.now()).toISOString() });
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.body, { replayed: 1 });
    await t.app.dispatcher.runDue();
    [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'DELIVERED');
    assert.equal(d.attempts.length, SCHEDULE.length + 1);
    endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.failingSince, null);

    const again = await tenant.post('replay_webhook_delivery', { deliveryId: d.deliveryId });
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'PENDING');
    assert.equal(again.body.deliveryId, d.deliveryId);
    await t.app.dispatcher.runDue();
    [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'DELIVERED');
    assert.equal(d.attempts.length, SCHEDULE.length + 2);
    const arrivals = r.byId(d.deliveryId);
    assert.equal(arrivals.length, SCHEDULE.length + 2, 'every attempt and both replays carry the one webhook-id');
    assert.ok(arrivals.every((a) => JSON.parse(a.body).requestId === requestId));
    assert.equal(hook.webhookId, d.webhookId);
  });

  it('a 410 disables the endpoint with its reason visible; enabling it again clears the reason', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    r.handle = (_req, res) => res.writeHead(410).end('gone');
    const hook = await createHook(tenant, r.url);
    const requestId = await connect(tenant, accountId, 'ACoAAgone');
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();
    const [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'FAILED');
    assert.deepEqual(d.attempts.map((a: any) => [a.outcome, a.statusCode]), [['GONE', 410]]);
    let endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.enabled, false);
    assert.equal(endpoint.disabledReason, `Disabled on ${new Date(t.clock.now()).toISOString()}: the receiver answered 410 Gone.`);

    // A disabled endpoint gets nothing.
    await connect(tenant, accountId, 'ACoAAgone2');
    await t.app.engine.drain();
    t.clock.advance(STEP);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 1);

    r.handle = (_req, res) => res.writeHead(200).end('ok');
    const upd = await tenant.post('update_webhook', { webhookId: hook.webhookId, enabled: true });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.enabled, true);
    assert.equal(upd.body.disabledReason, null);
    const test = await tenant.post('test_webhook', { webhookId: hook.webhookId });
    assert.equal(test.status, 200);
    await t.app.dispatcher.runDue();
    const got = r.byId(test.body.deliveryId);
    assert.equal(got.length, 1);
    assert.ok(verifiesWith(got[0], hook.secret));
    assert.equal(JSON.parse(got[0].body).event, 'WEBHOOK_TEST');
    endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.enabled, true);
  });

  it('Retry-After delays the next attempt', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    r.handle = (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down');
    await createHook(tenant, r.url);
    const requestId = await connect(tenant, accountId, 'ACoAAretryafter');
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();
    const failedAt = t.clock.now();
    let [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'PENDING');
    assert.equal(d.nextAttemptAt, new Date(failedAt + 120_000).toISOString());

    r.handle = (_req, res) => res.writeHead(200).end('ok');
    t.clock.advance(60_000);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 1, 'not before Retry-After');
    t.clock.advance(60_000);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 2);
    [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'DELIVERED');
  });

  it('an endpoint failing for the configured hours is disabled, with the reason', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    r.handle = (_req, res) => res.writeHead(503, { 'retry-after': '1800' }).end('maintenance');
    await createHook(tenant, r.url);
    await connect(tenant, accountId, 'ACoAAsustained');
    await t.app.engine.drain();
    const start = t.clock.now();
    await t.app.dispatcher.runDue();
    t.clock.advance(1800_000);
    await t.app.dispatcher.runDue();
    let endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.enabled, true, 'half an hour of failures is not enough');
    assert.equal(endpoint.failingSince, new Date(start).toISOString());
    t.clock.advance(1800_000);
    await t.app.dispatcher.runDue();
    endpoint = (await tenant.post('list_webhooks', {})).body.webhooks[0];
    assert.equal(endpoint.enabled, false);
    assert.equal(endpoint.disabledReason, `Disabled on ${new Date(t.clock.now()).toISOString()}: every attempt failed for 1 hour (last: HTTP 503).`);
    t.clock.advance(1800_000);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 3, 'nothing more is sent to a disabled endpoint');
  });

  it('rotation: during the overlap both secrets verify the signature; the hash uses the new one; after it only the new one', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    const hook = await createHook(tenant, r.url);
    const rotated = await tenant.post('rotate_webhook_secret', { webhookId: hook.webhookId });
    assert.equal(rotated.status, 200);
    const s2 = rotated.body.secret;
    assert.notEqual(s2, hook.secret);
    assert.equal(rotated.body.previousSecretExpiresAt, new Date(t.clock.now() + 86400_000).toISOString());
    await connect(tenant, accountId, 'ACoAArotate');
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 1);
    const first = r.received[0];
    assert.ok(verifiesWith(first, hook.secret), 'the old secret still verifies');
    assert.ok(verifiesWith(first, s2), 'the new secret verifies');
    assert.equal(String(first.headers['webhook-signature']).split(' ').length, 2);
    assert.ok(welinkRule(first.body, s2));

    const listed = await tenant.post('list_webhooks', {});
    assert.ok(!JSON.stringify(listed.body).includes('whsec_'), 'no secret in the list');
    assert.equal(listed.body.webhooks[0].previousSecretExpiresAt, rotated.body.previousSecretExpiresAt);

    const ended = await tenant.post('rotate_webhook_secret', { webhookId: hook.webhookId, overlapSeconds: 0 });
    const s3 = ended.body.secret;
    assert.equal(ended.body.previousSecretExpiresAt, null);
    const test = await tenant.post('test_webhook', { webhookId: hook.webhookId });
    await t.app.dispatcher.runDue();
    const [second] = r.byId(test.body.deliveryId);
    assert.ok(verifiesWith(second, s3));
    assert.ok(!verifiesWith(second, s2));
    assert.ok(!verifiesWith(second, hook.secret));
    assert.equal(String(second.headers['webhook-signature']).split(' ').length, 1);
    assert.ok(welinkRule(second.body, s3));
  });

  it('an event filter limits what an endpoint receives; test_webhook reaches it anyway', async () => {
    const { tenant, accountId } = await fresh();
    const r = await receiver();
    const hook = await createHook(tenant, r.url, { events: ['CONNECTION_FAILED'] });
    await connect(tenant, accountId, 'ACoAAfiltered');
    const failed = await connect(tenant, accountId, 'not-found-filter');
    await t.app.engine.drain();
    const test = await tenant.post('test_webhook', { webhookId: hook.webhookId });
    await t.app.dispatcher.runDue();
    const bodies = r.received.map((x) => JSON.parse(x.body));
    assert.deepEqual(bodies.map((b) => b.event).sort(), ['CONNECTION_FAILED', 'WEBHOOK_TEST']);
    assert.equal(bodies.find((b) => b.event === 'CONNECTION_FAILED').request_id, failed);
    assert.equal(r.byId(test.body.deliveryId).length, 1);
  });
});
