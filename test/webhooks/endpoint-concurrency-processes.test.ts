import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { apiClient, type ServeProcess } from '../helpers/processes.ts';
import { Receiver, Stall } from '../helpers/receiver.ts';
import { waitFor } from '../helpers/wait.ts';

const LIMIT = 3;

// WELINK_WEBHOOK_ENDPOINT_CONCURRENCY holds "across every worker process" (issue 14 §2): two worker
// processes, each with free slots and polling often, never have more than LIMIT attempts in flight
// to one stalled endpoint together. The receiver counts what it holds; nothing is timed.
onPostgres('the per-endpoint webhook concurrency across worker processes', { timeout: 180000 }, () => {
  let cluster: ProcessCluster;
  let api: ServeProcess;
  let slow: Receiver;
  let stall: Stall;
  before(async () => {
    slow = await Receiver.start();
    stall = new Stall(slow);
    cluster = await processCluster('postgres', {
      WELINK_WEBHOOK_ENDPOINT_CONCURRENCY: String(LIMIT),
      WELINK_WEBHOOK_TIMEOUT_MS: '120000',
      WELINK_WEBHOOK_ALLOW_PRIVATE: 'true',
      // Both workers look for deliveries often, so each keeps trying to take a freed slot.
      WELINK_POLL_MS: '20',
    });
    // One after another: several starting at once on a busy machine can outlast the readiness wait.
    api = await cluster.start('api');
    await cluster.start('worker');
    await cluster.start('worker');
  });
  after(async () => {
    stall?.open();
    await cluster?.close();
    await slow?.down();
  });

  it(`two workers never have more than ${LIMIT} attempts in flight to one stalled endpoint`, async () => {
    const key = await cluster.key('concurrency');
    const client = apiClient(api.url, key);
    const hook = await client.post('create_webhook', { url: slow.url });
    assert.equal(hook.status, 200, JSON.stringify(hook.body));
    const queued = 30;
    const tests = await Promise.all(Array.from({ length: queued }, () => client.post('test_webhook', { webhookId: hook.body.webhookId })));
    assert.deepEqual(tests.filter((r) => r.status !== 200).map((r) => r.body), []);

    await waitFor('the endpoint holds its slots', () => stall.inFlight >= LIMIT, 60_000);
    assert.equal(stall.most, LIMIT, `at most ${LIMIT} in flight at once, seen ${stall.most}`);
    // Free one slot at a time, with both workers racing for it, and a fresh wake-up for each.
    const rounds = 12;
    for (let r = 1; r <= rounds; r++) {
      stall.release(1);
      if (r % 3 === 0) assert.equal((await client.post('test_webhook', { webhookId: hook.body.webhookId })).status, 200);
      await waitFor(`round ${r}: the freed slot taken again`, () => slow.received.length >= LIMIT + r && stall.inFlight >= LIMIT, 60_000);
      assert.equal(stall.most, LIMIT, `round ${r}: at most ${LIMIT} in flight at once, seen ${stall.most}`);
    }
    assert.equal(stall.most, LIMIT, `at most ${LIMIT} in flight at once, seen ${stall.most}`);
    assert.equal(slow.received.length, LIMIT + rounds, 'each answer let exactly one more attempt in');

    const leased = await cluster.store.db.selectFrom('webhook_deliveries').select('id').where('workspace_id', '=', key.workspaceId).where('status', '=', 'PENDING').where('lease_until', 'is not', null).execute();
    assert.equal(leased.length, LIMIT, 'the database agrees: LIMIT deliveries leased');
  });
});
