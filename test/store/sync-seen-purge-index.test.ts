import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { purge } from '../../src/engine/purge.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';

const DAY = 86_400_000;
const ROWS = 20_000;
const OLD = 50;

/**
 * The retention purge finds old sync dedupe marks through the seen_at index (migration 031), not by
 * reading the whole table: the plan of the very statement purge() issued, on each dialect, with the
 * table as a long-running deployment has it (many recent marks, a few past the retention).
 */
forEachDialect('sync_seen purge by its seen_at index', (env) => {
  let t: TestApp;
  before(async () => {
    t = await testApp(env());
  });
  after(() => t.close());

  it('the purge reads sync_seen through sync_seen_seen_at, and deletes only what is past the retention', async () => {
    const db = t.app.store.db;
    const now = t.clock.now();
    for (let from = 0; from < ROWS; from += 1000) {
      const rows = Array.from({ length: 1000 }, (_, i) => {
        const n = from + i;
        return { account_id: `acc_${n % 97}`, kind: 'message', key: `m${n}`, seen_at: n < OLD ? now - 40 * DAY - n : now - (n % 1000) * 60_000 };
      });
      await db.insertInto('sync_seen').values(rows).execute();
    }
    // The planner's statistics, as autovacuum (PostgreSQL) or an ANALYZE would leave them.
    await sql`analyze`.execute(db);

    const issued: CompiledQuery[] = [];
    const watched = db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        issued.push(db.getExecutor().compileQuery(node, queryId));
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const counts = await purge(watched, now, { retentionMs: 30 * DAY });
    assert.equal(counts.syncSeen, OLD);
    const left = await db.selectFrom('sync_seen').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(left.n), ROWS - OLD);

    const purgeSeen = issued.filter((q) => /^delete from "sync_seen"/i.test(q.sql));
    assert.ok(purgeSeen.length > 0, 'purge() deleted from sync_seen');
    const explain = env().dialect === 'postgres' ? 'explain ' : 'explain query plan ';
    const plan = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + purgeSeen[0].sql, [...purgeSeen[0].parameters]));
    const text = plan.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n');
    assert.match(text, /sync_seen_seen_at/, `the plan:\n${text}`);
    // Nowhere a read of the whole table (SQLite says SCAN for one; PostgreSQL, Seq Scan).
    assert.doesNotMatch(text, /^\s*(SCAN sync_seen\b|.*Seq Scan on sync_seen)/m, `the plan:\n${text}`);
  });
});
