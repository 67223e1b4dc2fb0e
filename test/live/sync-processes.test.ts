import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createKey } from '../../src/tenancy/keys.ts';
import { onPostgres, processCluster, type ProcessCluster } from '../helpers/cluster.ts';
import { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { ADA, BOB, CAROL, seed } from '../helpers/live-world.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Two worker processes run the live sync on one PostgreSQL database, over one fake inbox: each
 * message is reported once, whichever process reads it and however often it is read again (the
 * test makes every sync start over from the account's connection, as a lost cursor would).
 */
onPostgres('live sync in two processes', { timeout: 180_000 }, () => {
  let c: ProcessCluster;
  let fake: FakeLinkedIn;
  before(async () => {
    // Real processes run on the real clock: so does LinkedIn here.
    fake = await FakeLinkedIn.start({ now: () => Date.now() });
    seed(fake);
    c = await processCluster('postgres', { WELINK_LINKEDIN_BASE_URL: fake.url, WELINK_POLL_MS: '100' });
  });
  after(async () => {
    await c?.close();
    await fake?.close();
  });

  it('each MESSAGE_RECEIVED is emitted once', async () => {
    const api = await c.start('all');
    await c.start('worker');
    const key = await createKey(c.store.db, { name: 'sync', now: Date.now(), mode: 'live' });
    if ('error' in key) throw new Error(key.error);
    const res = await fetch(`${api.url}/api/v1/connect_account_cookies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key.apiKey, 'x-api-secret': key.apiSecret },
      body: JSON.stringify({ email: 'ada@example.com', ...fake.state.login(ADA) }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { accountId } = (await res.json()) as { accountId: string };
    const account = () => c.store.db.selectFrom('accounts').select(['next_sync_at', 'lease_owner']).where('id', '=', accountId).executeTakeFirstOrThrow();
    await waitFor('the first sync', async () => (await account()).next_sync_at !== null, 30_000);

    const sent = [fake.state.receive(BOB, ADA, 'One'), fake.state.receive(CAROL, ADA, 'Two'), fake.state.receive(BOB, ADA, 'Three')];
    for (let round = 0; round < 6; round++) {
      // Due now, reading from the start: whichever process claims it reads every message again.
      await c.store.db.updateTable('accounts').set({ next_sync_at: 0, sync_cursor: null }).where('id', '=', accountId).execute();
      await waitFor(`sync round ${round + 1}`, async () => {
        const a = await account();
        return a.lease_owner === null && Number(a.next_sync_at) > 0;
      }, 30_000);
    }
    const events = await c.store.db.selectFrom('events').select('payload').where('account_id', '=', accountId).where('type', '=', 'MESSAGE_RECEIVED').execute();
    const ids = events.map((e) => JSON.parse(e.payload).result.message_id as string).sort();
    assert.deepEqual(ids, sent.map((m) => m.id).sort());
  });
});
