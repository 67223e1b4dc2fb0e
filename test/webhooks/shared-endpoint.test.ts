import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/cluster.ts';
import { freshPostgres } from '../helpers/pg.ts';
import { Receiver, Stall } from '../helpers/receiver.ts';
import { waitFor } from '../helpers/wait.ts';

const LIMIT = 3;

// Two dispatchers (two connection pools, as two worker processes have) running their loops against
// one PostgreSQL database and one endpoint: a claim records the attempts finished and takes the freed slots,
// the endpoint's row is skipped, not waited for, when the other one is claiming, and its hint stays
// due while attempts are in flight. None of that may let the two exceed the endpoint's limit together,
// and both must deliver. Counted at the receiver and per dispatcher; nothing is timed.
onPostgres('two dispatchers sharing one endpoint', { timeout: 120_000 }, () => {
  let drop: () => Promise<void>;
  let dataDir: string;
  let t: TestApp;
  let second: TestApp;
  let receiver: Receiver;
  let stall: Stall;
  const sent = [0, 0];
  let dispatchers: WebhookDispatcher[] = [];
  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-shared-endpoint-'));
    const env = { dialect: 'postgres' as const, databaseUrl: fresh.url, dataDir };
    t = await testApp(env, { webhookTimeoutMs: 60_000, webhookEndpointConcurrency: LIMIT, pollMs: 20 });
    second = await testApp(env, { webhookTimeoutMs: 60_000, webhookEndpointConcurrency: LIMIT, pollMs: 20 });
    second.clock.set(t.clock.now());
    receiver = await Receiver.start();
    stall = new Stall(receiver);
    dispatchers = [t, second].map(
      (app, i) =>
        new WebhookDispatcher({
          store: app.app.store,
          committer: app.app.services.committer,
          clock: app.clock,
          random: app.app.services.random,
          sealer: app.app.services.sealer,
          logger: app.app.services.logger,
          config: app.config,
          concurrency: 8,
          metrics: { webhookAttempt: (outcome) => void (outcome === 'DELIVERED' && sent[i]++) },
        }),
    );
  });
  after(async () => {
    stall.open();
    for (const d of dispatchers) await d.stop();
    await receiver.down();
    await second.close();
    await t.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`never more than ${LIMIT} attempts in flight together, each delivery sent once, and both send`, async () => {
    const tenant = await t.tenant();
    const hook = await tenant.post('create_webhook', { url: receiver.url });
    assert.equal(hook.status, 200, JSON.stringify(hook.body));
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await tenant.post('test_webhook', { webhookId: hook.body.webhookId })).body.deliveryId);
    for (const d of dispatchers) await d.start();

    await waitFor('the endpoint holds its slots', () => stall.inFlight === LIMIT, 30_000).catch((err) => {
      throw new Error(`${err.message}: ${stall.inFlight} in flight, most ${stall.most}, ${receiver.received.length} received`);
    });
    // One answer at a time, each freed slot raced for by both dispatchers; then a few at once.
    for (let answered = 0; answered < ids.length; ) {
      const n = answered < 20 ? 1 : Math.min(LIMIT, ids.length - answered);
      stall.release(n);
      answered += n;
      const expected = Math.min(ids.length, answered + LIMIT);
      await waitFor(`${answered} answered: the freed slots taken again`, () => receiver.received.length >= expected && stall.inFlight === Math.min(LIMIT, ids.length - answered), 30_000);
      assert.ok(stall.most <= LIMIT, `at most ${LIMIT} in flight at once, seen ${stall.most}`);
    }
    assert.equal(stall.most, LIMIT);
    for (const id of ids) assert.equal(receiver.byId(id).length, 1, `${id} sent once`);
    await waitFor('every delivery recorded', async () => {
      const rows = await t.app.store.db.selectFrom('webhook_deliveries').select('status').where('workspace_id', '=', tenant.workspaceId).execute();
      return rows.length === ids.length && rows.every((r) => r.status === 'DELIVERED');
    });
    assert.equal(sent[0] + sent[1], ids.length);
    assert.ok(sent[0] > 0 && sent[1] > 0, `both dispatchers delivered: ${sent}`);
  });
});
