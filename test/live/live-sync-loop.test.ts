import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { LiveSync } from '../../src/engine/sync/live-sync.ts';
import type { Database } from '../../src/store/tables.ts';
import { loggedInAccount, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { connectAda } from '../helpers/live-world.ts';
import { waitFor } from '../helpers/wait.ts';

const MIN = 60_000;

/** The app's database, keeping the SQL of every query built through it in order (a CTE's inner select is listed apart too). */
function counted(db: Kysely<Database>): { db: Kysely<Database>; sql: string[] } {
  const sql: string[] = [];
  const watched = db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      sql.push(db.getExecutor().compileQuery(node, queryId).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  return { db: watched, sql };
}

/** The loop's look for the next due time (sync-claims.ts nextSyncDueAt): a read. */
const isLook = (s: string) => /^select min\(case when coalesce/i.test(s);
/** A sync claim (sync-claims.ts claimDueSyncs): a write through a locking CTE. */
const isClaim = (s: string) => /^with "due"/i.test(s) && /\bupdate "accounts" set "lease_owner"/i.test(s);

/**
 * The live sync's background loop (not runDue, which tests call to sync at once): it claims only when
 * a sync is due. Its rounds are driven by wakes here (the poll interval is a minute, longer than the
 * test), and what each round costs is read from the statements it issued, never from a clock.
 */
forEachDialect('the live sync loop claims only when a sync is due', (env) => {
  let t: TestApp;
  let fake: FakeLinkedIn;
  let tenant: Tenant;
  liveApp(env, { world: 'once', tenant: 'once' }, (w) => ({ t, fake, tenant } = w));

  const loop = (db: Kysely<Database>) => {
    const s = t.app.services;
    return new LiveSync({
      store: { ...t.app.store, db },
      committer: s.committer,
      clock: t.clock,
      random: s.random,
      sealer: s.sealer,
      logger: s.logger,
      provider: () => s.providers('live'),
      intervalMs: 15 * MIN,
      pacing: false,
      leaseMs: 30_000,
      pollMs: 60_000,
      onEvents: () => {},
    });
  };
  /** Wakes the loop `n` times, each once the previous round has issued its statement (whichever it is). */
  const rounds = async (sync: LiveSync, sql: string[], n: number) => {
    for (let i = 0; i < n; i++) {
      const seen = sql.length;
      sync.wake();
      await waitFor(`round ${i + 1}`, () => sql.length > seen);
    }
  };

  it('with only sandbox accounts, every round is one read of the next due time and none claims', async () => {
    const sandbox = await t.tenant();
    await loggedInAccount(t, sandbox);
    const { db, sql } = counted(t.app.store.db);
    const sync = loop(db);
    await sync.start();
    try {
      await waitFor('the first round', () => sql.length > 0);
      await rounds(sync, sql, 5);
    } finally {
      await sync.stop();
    }
    assert.deepEqual(sql.filter((s) => !isLook(s)), [], 'nothing but the look: no claim while nothing is due');
    assert.ok(sql.length >= 6, `one look per round: ${sql.length} statements`);
  });

  it('a live account is claimed when its sync is due and not before, however often the loop wakes; a hold puts it off too', async () => {
    const { accountId } = await connectAda(t, tenant, fake);
    const { db, sql } = counted(t.app.store.db);
    const account = () => t.app.store.db.selectFrom('accounts').select(['next_sync_at', 'lease_owner', 'sync_cursor']).where('id', '=', accountId).executeTakeFirstOrThrow();
    const sync = loop(db);
    await sync.start();
    try {
      // Newly connected: due at once, so the first round claims it and the first sync runs.
      await waitFor('the first sync', async () => {
        const a = await account();
        return a.sync_cursor !== null && a.lease_owner === null;
      });
      assert.equal(sql.filter(isClaim).length, 1);
      const next = Number((await account()).next_sync_at);
      assert.ok(next >= t.clock.now() + 10 * MIN && next <= t.clock.now() + 20 * MIN, 'the next sync 10 to 20 minutes on');

      await rounds(sync, sql, 3);
      t.clock.set(next - 1);
      await rounds(sync, sql, 2);
      assert.equal(sql.filter(isClaim).length, 1, 'no claim before the next sync is due');

      // Held past the due time: still no claim, until the hold ends.
      await t.app.store.db.updateTable('accounts').set({ hold_until: next + 5 * MIN }).where('id', '=', accountId).execute();
      t.clock.set(next);
      await rounds(sync, sql, 2);
      assert.equal(sql.filter(isClaim).length, 1, 'no claim while held');

      t.clock.set(next + 5 * MIN);
      sync.wake();
      await waitFor('the second sync', async () => sql.filter(isClaim).length === 2 && Number((await account()).next_sync_at) > next + 5 * MIN);
    } finally {
      await sync.stop();
    }
  });
});
