import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { GroupCommitter } from '../../src/store/group-commit.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { forEachDialect } from '../helpers/dialects.ts';

/**
 * The group committer runs the operations of one event-loop turn in one shared transaction. When
 * that transaction fails, each operation must run again alone: one operation's failure (here a real
 * unique violation, which on PostgreSQL aborts the whole transaction) must not fail its neighbours.
 */
forEachDialect('group commit', (env) => {
  let store: Store;
  before(async () => {
    store = await openStore({ databaseUrl: env().databaseUrl, dataDir: env().dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    await sql`create table gc_probe (id text primary key)`.execute(store.db);
    await sql`insert into gc_probe (id) values ('taken')`.execute(store.db);
  });
  after(() => store.close());

  const insert = (id: string) => sql`insert into gc_probe (id) values (${id})`;
  const ids = async () => (await sql<{ id: string }>`select id from gc_probe order by id`.execute(store.db)).rows.map((r) => r.id);

  it('operations of one turn share a transaction and each answers its own value', async () => {
    const committer = new GroupCommitter(store.db);
    const seen = new Set<unknown>();
    const answers = await Promise.all(
      ['s1', 's2', 's3'].map((id) =>
        committer.run(id, async (trx) => {
          // One transaction for all three: the same connection object handles each.
          seen.add(trx);
          await insert(id).execute(trx);
          return `done ${id}`;
        }),
      ),
    );
    assert.deepEqual(answers, ['done s1', 'done s2', 'done s3']);
    assert.equal(seen.size, 1, 'one shared transaction');
    assert.deepEqual((await ids()).filter((id) => id.startsWith('s')), ['s1', 's2', 's3']);
  });

  it('a failed shared batch runs each operation again alone: the failing one is rejected, the others commit', async () => {
    const committer = new GroupCommitter(store.db);
    const calls = { a: 0, bad: 0, c: 0 };
    const submitted = [
      committer.run('a', async (trx) => {
        calls.a++;
        await insert('a').execute(trx);
        return 'a';
      }),
      committer.run('bad', async (trx) => {
        calls.bad++;
        await insert('taken').execute(trx);
        return 'bad';
      }),
      committer.run('c', async (trx) => {
        calls.c++;
        await insert('c').execute(trx);
        return 'c';
      }),
    ];
    const [a, bad, c] = await Promise.allSettled(submitted);
    assert.deepEqual(a, { status: 'fulfilled', value: 'a' });
    assert.deepEqual(c, { status: 'fulfilled', value: 'c' });
    assert.equal(bad.status, 'rejected');
    // `a` ran in the shared batch before `bad` failed it, then alone; `c` was never reached in the batch.
    assert.deepEqual(calls, { a: 2, bad: 2, c: 1 });
    const rows = await ids();
    assert.ok(rows.includes('a') && rows.includes('c'), `committed: ${rows}`);
    assert.equal(rows.filter((id) => id === 'taken').length, 1);
  });
});
