import assert from 'node:assert/strict';
import { fsync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { deferredSync, type DeferredSync } from '../../src/store/deferred-sync.ts';
import { GroupCommitter } from '../../src/store/group-commit.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';

/**
 * SQLite group commits sync off the event loop (store/deferred-sync.ts). What must hold: a batch's
 * answers wait for a sync that starts after its commit, and every other transaction of the process
 * still commits with synchronous=FULL.
 */
describe('deferred sync [sqlite]', () => {
  let store: Store;
  let dbFile: string;
  const level = async () => (await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0].synchronous;
  before(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'welink-deferred-'));
    dbFile = join(dataDir, 'welink.sqlite');
    store = await openStore({ databaseUrl: '', dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    await sql`create table ds_probe (id text primary key)`.execute(store.db);
  });
  after(() => store.close());

  it('is offered for synchronous=FULL only', async () => {
    assert.ok(store.deferredSync);
    const normal = await openStore({ databaseUrl: '', dataDir: mkdtempSync(join(tmpdir(), 'welink-deferred-')), sqliteSynchronous: 'NORMAL' });
    assert.equal(normal.deferredSync, null);
    await normal.close();
  });

  it('answers after a sync that started after the commit, and leaves the connection at FULL', async () => {
    const real = store.deferredSync!;
    const log: string[] = [];
    const spy: DeferredSync = {
      transaction: async (fn) => {
        const out = await real.transaction(fn);
        log.push('commit');
        return out;
      },
      sync: async () => {
        log.push('sync start');
        await real.sync();
        log.push('sync end');
      },
      close: () => {},
    };
    const committer = new GroupCommitter(store.db, { deferredSync: spy });
    const answers = await Promise.all(
      ['a', 'b'].map((id) =>
        committer.run(id, async (trx) => {
          assert.equal((await sql<{ synchronous: number }>`pragma synchronous`.execute(trx)).rows[0].synchronous, 1, 'NORMAL inside the batch');
          await sql`insert into ds_probe (id) values (${id})`.execute(trx);
          return id;
        }).then((v) => {
          log.push(`answer ${v}`);
          return v;
        }),
      ),
    );
    assert.deepEqual(answers, ['a', 'b']);
    assert.deepEqual(log, ['commit', 'sync start', 'sync end', 'answer a', 'answer b']);
    assert.equal(await level(), 2, 'FULL again for everything else');
  });

  it('a failed batch also sets the level back', async () => {
    const committer = new GroupCommitter(store.db, { deferredSync: store.deferredSync });
    await assert.rejects(committer.run('x', async (trx) => sql`insert into no_such_table values (1)`.execute(trx)));
    assert.equal(await level(), 2);
    assert.equal(await committer.run('y', async (trx) => (await sql`insert into ds_probe (id) values ('y')`.execute(trx), 'ok')), 'ok');
  });

  it('syncs asked for while one runs share the next one', async () => {
    await sql`insert into ds_probe (id) values ('wal')`.execute(store.db); // the -wal file exists
    let fsyncs = 0;
    const counted = (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      fsyncs++;
      fsync(fd, cb);
    };
    const d = deferredSync(store.db, `${dbFile}-wal`, counted);
    await Promise.all([d.sync(), d.sync(), d.sync(), d.sync()]);
    assert.equal(fsyncs, 2, 'the first sync, then one shared by the three that arrived while it ran');
    d.close();
  });
});
