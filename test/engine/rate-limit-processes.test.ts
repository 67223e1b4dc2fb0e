import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { insertActiveAccount } from '../helpers/accounts.ts';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { apiClient, type ServeProcess } from '../helpers/processes.ts';

onPostgres('rate limit across API processes', { timeout: 120000 }, () => {
  let c: ProcessCluster;
  let procs: ServeProcess[];

  before(async () => {
    c = await processCluster('postgres', { WELINK_RATE_LIMIT: '30', WELINK_SYNC_RATE_LIMIT: '100000' });
    procs = await Promise.all(Array.from({ length: 4 }, () => c.start('api')));
  });

  after(() => c?.close());

  it('200 concurrent requests for one account over 4 processes: exactly 30 accepted, 170 refused', async () => {
    const key = await c.key('rl');
    // The account is created directly (no login_v2), so nothing else counts against its window.
    const accountId = await insertActiveAccount(c.store.db, key.workspaceId, 'limited@example.com');

    const clients = procs.map((p) => apiClient(p.url, key));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => clients[i % clients.length].post('visit_profile', { accountId, profile_id: `ACoAArl${i}` })),
    );
    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    assert.equal(accepted.length, 30, `statuses: ${JSON.stringify(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 429))}`);
    assert.equal(refused.length, 170);
    for (const r of refused) {
      assert.equal(r.body.code, 'RATE_LIMITED');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      assert.match(r.headers.get('ratelimit') ?? '', /^"hourly";r=0;t=\d+$/);
    }
    // Each process accepted some: the limit really was contended across processes.
    const acceptedBy = new Set(answers.map((a, i) => (a.status === 200 ? i % clients.length : -1)).filter((x) => x >= 0));
    assert.ok(acceptedBy.size >= 2, `accepted by processes ${[...acceptedBy]}`);

    const stored = await c.store.db.selectFrom('requests').select(['id', 'lane_seq']).where('account_id', '=', accountId).execute();
    assert.equal(stored.length, 30);
    assert.deepEqual(new Set(stored.map((r) => r.id)), new Set(accepted.map((a) => a.body.requestId)));
    // Lane positions are gap-free too: the same per-account lock ordered them.
    assert.deepEqual(
      stored.map((r) => Number(r.lane_seq)).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });
});
