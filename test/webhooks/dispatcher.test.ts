import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { claimDueDeliveries } from '../../src/store/webhook-claims.ts';
import { repairDueHints } from '../../src/webhooks/queue.ts';
import { testApp, type Tenant, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver } from '../helpers/receiver.ts';
import { waitFor } from '../helpers/wait.ts';

async function hookAndTests(tenant: Tenant, url: string, n: number): Promise<string[]> {
  const created = await tenant.post('create_webhook', { url });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await tenant.post('test_webhook', { webhookId: created.body.webhookId });
    assert.equal(res.status, 200);
    ids.push(res.body.deliveryId);
  }
  return ids;
}

forEachDialect('webhook dispatcher', (env) => {
  let t: TestApp;
  let r: Receiver;
  before(async () => {
    t = await testApp(env(), { webhookRetrySchedule: [0, 1, 1, 1], pollMs: 50 });
    r = await Receiver.start();
  });
  after(async () => {
    await t.close();
    await r.down();
  });

  it('the background loop delivers as soon as it is woken, and stops cleanly', async () => {
    const tenant = await t.tenant();
    await t.app.dispatcher.start();
    try {
      const ids = await hookAndTests(tenant, r.url, 3);
      await waitFor('three deliveries', () => ids.every((id) => r.byId(id).length === 1));
      const list = (await tenant.post('list_webhook_deliveries', {})).body.deliveries;
      await waitFor('recorded as delivered', async () => (await tenant.post('list_webhook_deliveries', { status: 'DELIVERED' })).body.deliveries.length === 3);
      assert.equal(list.length, 3);
    } finally {
      await t.app.dispatcher.stop();
    }
    // Stopped: what is queued now is left for the next claim. runDue finds it unclaimed and sends
    // it (a loop still running would have taken it, leased beyond runDue's reach).
    const later = await hookAndTests(tenant, r.url, 1);
    assert.equal(r.byId(later[0]).length, 0);
    assert.equal(await t.app.dispatcher.runDue(), 1);
    assert.equal(r.byId(later[0]).length, 1);
  });

  it('a delivery due now whose endpoint was hinted past it (a claim raced its commit) is repaired and delivered', async () => {
    const tenant = await t.tenant();
    const [id] = await hookAndTests(tenant, r.url, 1);
    const endpoint = await t.app.store.db.selectFrom('webhook_deliveries').select('endpoint_id').where('id', '=', id).executeTakeFirstOrThrow();
    // What the race leaves: the hint at another delivery's retry, hours away.
    await t.app.store.db.updateTable('webhook_endpoints').set({ next_due_at: t.clock.now() + 36_000_000 }).where('id', '=', endpoint.endpoint_id).execute();
    assert.equal(await t.app.dispatcher.runDue(), 0, 'the claim trusts the hint');
    // The idle loop's repair (every 250 ms) finds it.
    assert.equal(await repairDueHints(t.app.store.db, t.clock.now()), 1);
    assert.equal(await t.app.dispatcher.runDue(), 1);
    assert.equal(r.byId(id).length, 1);
  });

  it('deliveries claimed by a process that died are delivered once their lease expires, and at once by a restarted SQLite process', async () => {
    const tenant = await t.tenant();
    const ids = await hookAndTests(tenant, r.url, 2);
    // A worker claims them and dies before sending.
    const claimed = await t.app.store.db.transaction().execute((trx) => claimDueDeliveries(trx, { now: t.clock.now(), leaseMs: 25_000, n: 64, perEndpoint: 8 }));
    assert.deepEqual(claimed.map((c) => c.delivery.id).sort(), [...ids].sort());
    await t.app.dispatcher.runDue();
    assert.equal(ids.filter((id) => r.byId(id).length > 0).length, 0, 'leased: nobody else takes them');

    if (env().dialect === 'sqlite') {
      // One SQLite process owns every lease: a restart frees them at once.
      await t.app.dispatcher.start();
      try {
        await waitFor('redelivery after restart', () => ids.every((id) => r.byId(id).length === 1));
      } finally {
        await t.app.dispatcher.stop();
      }
    } else {
      t.clock.advance(25_001);
      await t.app.dispatcher.runDue();
      assert.ok(ids.every((id) => r.byId(id).length === 1));
    }
    const list = (await tenant.post('list_webhook_deliveries', {})).body.deliveries;
    assert.ok(list.every((d: any) => d.status === 'DELIVERED' && d.attempts.length === 1));
  });

  it('PostgreSQL: a worker process is woken by NOTIFY when another process (API only) queues a delivery', async (tc) => {
    if (env().dialect !== 'postgres') return tc.skip('LISTEN/NOTIFY is PostgreSQL only; SQLite runs one process');
    // Polling every minute: only the notification can make the second delivery prompt.
    const worker = await testApp(env(), { webhookRetrySchedule: [0, 1, 1, 1], pollMs: 60000 });
    try {
      worker.clock.set(t.clock.now());
      const tenant = await t.tenant();
      const [first] = await hookAndTests(tenant, r.url, 1);
      await worker.app.dispatcher.start();
      // Its first claim sends the first delivery; then it goes quiet: no query of any other
      // connection runs on this database (twice in a row), so its loop sleeps on the minute poll.
      await waitFor('the first delivery recorded', async () => (await tenant.post('list_webhook_deliveries', { status: 'DELIVERED' })).body.deliveries.length === 1);
      const busy = async () =>
        Number(
          (
            await sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')`.execute(
              t.app.store.db,
            )
          ).rows[0].n,
        ) > 0;
      await waitFor('the worker idle', async () => !(await busy()) && (await new Promise((res) => setTimeout(res, 20)), !(await busy())));
      const [second] = await hookAndTests(tenant, r.url, 1);
      assert.notEqual(second, first);
      await waitFor('delivery by the other process', () => r.byId(second).length === 1, 5000);
    } finally {
      await worker.app.dispatcher.stop();
      await worker.close();
    }
  });

  it('several dispatchers on one database share the deliveries without sending any twice', async () => {
    const second = await testApp(env(), { webhookRetrySchedule: [0, 1, 1, 1] });
    try {
      second.clock.set(t.clock.now());
      const tenant = await t.tenant();
      // Two endpoints: one worker claims for an endpoint at a time, so they split the endpoints.
      const ids = [...(await hookAndTests(tenant, r.url, 20)), ...(await hookAndTests(tenant, `${r.url}?second`, 20))];
      const base = t.app.services;
      const make = (app: TestApp['app'], clock: TestApp['clock']) =>
        new WebhookDispatcher({ store: app.store, committer: app.services.committer, clock, random: base.random, sealer: app.services.sealer, logger: base.logger, config: base.config, concurrency: 4 });
      const a = make(t.app, t.clock);
      const b = make(second.app, second.clock);
      const counts = [0, 0];
      for (let round = 0; round < 40; round++) {
        const [x, y] = await Promise.all([a.runDue(), b.runDue()]);
        assert.ok(x <= 4 && y <= 4, `a claim takes at most its concurrency (${x}, ${y})`);
        counts[0] += x;
        counts[1] += y;
        if (x + y === 0) break;
      }
      assert.equal(counts[0] + counts[1], 40, `claimed ${counts}`);
      assert.ok(counts[0] > 0 && counts[1] > 0, `both took a share: ${counts}`);
      for (const id of ids) assert.equal(r.byId(id).length, 1, id);
    } finally {
      await second.close();
    }
  });
});
