import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { Lanes } from '../../src/engine/lanes.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * A group-commit batch of acceptances locks its accounts in id order. A write that changes many
 * accounts at once (the lease heartbeat) must take them in the same order; in scan order it could
 * hold an account the batch needs next while waiting for one the batch holds, and PostgreSQL would
 * abort one of the two as a deadlock (seen as `deadlock detected` in Lanes.heartbeat under load).
 */
forEachDialect('multi-account writes lock in id order', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  it('the heartbeat waits behind a batch holding the lower id instead of deadlocking with it', async (tc) => {
    if (env().dialect !== 'postgres') return tc.skip('one SQLite writer at a time: nothing to order');
    const [low, high] = [await loggedInAccount(t, tenant, 'lock-a@example.com'), await loggedInAccount(t, tenant, 'lock-b@example.com')].sort();
    const db = t.app.store.db;
    const until = t.clock.now() + 60_000;
    // The lower id's row is written last, so a scan (no index on lease_owner) meets the higher id first.
    for (const id of [high, low]) await db.updateTable('accounts').set({ lease_owner: 'w-order', lease_until: until }).where('id', '=', id).execute();

    const batch = new pg.Client({ connectionString: env().databaseUrl });
    await batch.connect();
    try {
      await batch.query('begin');
      await batch.query(`set local lock_timeout = '10s'`);
      await batch.query('select id from accounts where id = $1 for update', [low]);
      const beat = new Lanes(db).heartbeat('w-order', until + 1).then(
        () => null,
        (err: Error) => err,
      );
      // The heartbeat is now waiting for a row lock (on the lower id, if it locks in order).
      await waitFor('the heartbeat to wait for a row lock', async () => {
        const r = await batch.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'update "accounts"%'`);
        return r.rows[0].n === 1;
      });
      // The batch's next account: free if the heartbeat locks in order; held by it if it scanned.
      const second = await batch.query('select id from accounts where id = $1 for update', [high]).then(
        () => null,
        (err: Error) => err,
      );
      await batch.query(second ? 'rollback' : 'commit');
      assert.equal(second?.message ?? null, null, 'the batch got its second account');
      assert.equal((await beat)?.message ?? null, null, 'the heartbeat finished');
      const rows = await db.selectFrom('accounts').select(['id', 'lease_until']).where('id', 'in', [low, high]).execute();
      for (const r of rows) assert.equal(Number(r.lease_until), until + 1, `${r.id} lease extended`);
    } finally {
      await batch.end();
    }
  });
});
