import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedInAccount, testApp, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver } from '../helpers/receiver.ts';
import { connect, createHook, deliveries, SCHEDULE, STEP } from '../helpers/webhooks.ts';

forEachDialect('webhook delivery: slow receiver', (env) => {
  let t: TestApp;
  let r: Receiver;
  before(async () => {
    t = await testApp(env(), { webhookRetrySchedule: SCHEDULE, webhookTimeoutMs: 200 });
    r = await Receiver.start();
  });
  after(async () => {
    await t.close();
    await r.down();
  });

  it('an attempt the receiver does not answer in time is a TIMEOUT, retried later', async () => {
    t.clock.set(Date.now());
    const tenant = await t.tenant();
    const accountId = await loggedInAccount(t, tenant);
    r.handle = () => {}; // never answers; down() closes the connections
    await createHook(tenant, r.url);
    const requestId = await connect(tenant, accountId, 'ACoAAslow');
    await t.app.engine.drain();
    await t.app.dispatcher.runDue();
    let [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'PENDING');
    assert.deepEqual(
      d.attempts.map((a: any) => [a.outcome, a.statusCode, a.excerpt]),
      [['TIMEOUT', null, 'no response within 200 ms']],
    );
    assert.equal(d.lastError, 'TIMEOUT: no response within 200 ms');
    assert.ok(Date.parse(d.nextAttemptAt) > t.clock.now());

    r.handle = (_req, res) => res.writeHead(200).end('ok');
    t.clock.advance(STEP);
    await t.app.dispatcher.runDue();
    [d] = await deliveries(tenant, { request_id: requestId });
    assert.equal(d.status, 'DELIVERED');
    assert.equal(r.byId(d.deliveryId).length, 2);
  });
});
