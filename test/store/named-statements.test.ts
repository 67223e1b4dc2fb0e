import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { actionByName } from '../../src/actions/catalogue.ts';
import { Acceptor, type Acceptance } from '../../src/engine/accept.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { Sealer } from '../../src/lib/secrets.ts';
import { GroupCommitter } from '../../src/store/group-commit.ts';
import { nameStatement } from '../../src/store/named-statements.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { insertActiveAccount } from '../helpers/accounts.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';

const why = await postgresUnavailable();
if (why && pgRequired) throw new Error(why);

const LIMIT = 8;

/**
 * On PostgreSQL the hot statements (store/prepared.ts) run as named statements: parsed once per
 * connection, then only bound and executed. PostgreSQL switches a named statement to a generic plan
 * after five runs, so the acceptances here go past that and must still count the lane and the
 * window exactly.
 */
describe('named statements on PostgreSQL', { skip: why ?? false, timeout: 60000 }, () => {
  let drop: () => Promise<void>;
  let store: Store;
  let dataDir: string;
  let workspaceId: string;
  let apiKeyId: string;

  let url: string;

  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    url = fresh.url;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-named-'));
    // One connection: what the acceptances prepared is visible to the checks that follow.
    store = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL', poolSize: 1 });
    await migrate(store);
    const key = await createKey(store.db, { name: 'named', mode: 'sandbox', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    workspaceId = key.workspaceId;
    apiKeyId = (await store.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newAccount = (): Promise<string> => insertActiveAccount(store.db, workspaceId);

  const acceptor = (on: Store = store) =>
    new Acceptor({
      committer: new GroupCommitter(on.db),
      clock: systemClock,
      sealer: new Sealer(Buffer.alloc(32, 7)),
      rateLimit: { limit: LIMIT, windowMs: 3_600_000 },
      minPauseMs: 0,
      idempotencyTtlMs: 86_400_000,
      maxAccountsPerWorkspace: 100,
      loginsPerHour: 3,
      onQueued: () => {},
    });
  const visit = (a: Acceptor, accountId: string, i: number, idempotencyKey?: string): Promise<Acceptance> =>
    a.accept({ workspaceId, apiKeyId, action: actionByName('visit_profile')!, body: { accountId, profile_id: `ACoAAnamed${i}` }, idempotencyKey });

  const prepared = async () =>
    (await sql<{ statement: string; runs: number }>`select statement, generic_plans + custom_plans as runs from pg_prepared_statements`.execute(store.db)).rows;

  it('queues past the generic-plan switch with exact lane positions, then refuses the full window and writes nothing', async () => {
    const a = acceptor();
    const accountId = await newAccount();
    const positions: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const r = await visit(a, accountId, i);
      assert.equal(r.kind, 'accepted');
      if (r.kind === 'accepted') positions.push(r.ack.queuePosition);
    }
    assert.deepEqual(positions, Array.from({ length: LIMIT }, (_, i) => i + 1));
    const refused = await visit(a, accountId, LIMIT);
    assert.equal(refused.kind, 'refused');
    assert.equal(refused.kind === 'refused' && refused.refusal.code, 'RATE_LIMITED');
    const stored = await store.db.selectFrom('requests').select(['lane_seq']).where('account_id', '=', accountId).orderBy('lane_seq').execute();
    assert.deepEqual(stored.map((r) => Number(r.lane_seq)), positions);
    const account = await store.db.selectFrom('accounts').select('next_seq').where('id', '=', accountId).executeTakeFirstOrThrow();
    assert.equal(Number(account.next_seq), LIMIT);

    // Each statement was prepared once and run every time on this one connection.
    const rows = await prepared();
    const queue = rows.filter((r) => r.statement.startsWith('with lane as'));
    assert.equal(queue.length, 1, 'one prepared acceptance statement (without a key)');
    assert.equal(Number(queue[0].runs), LIMIT + 1);
    const lock = rows.filter((r) => /from "accounts" where "id" = \$1 and "workspace_id" = \$2 for update$/.test(r.statement));
    assert.equal(lock.length, 1);
    assert.equal(Number(lock[0].runs), LIMIT + 1);
  });

  it('replays an Idempotency-Key through the prepared statements, and leaves ad hoc queries unnamed', async () => {
    const a = acceptor();
    const accountId = await newAccount();
    const answers: Acceptance[] = [];
    for (let i = 0; i < 7; i++) answers.push(await visit(a, accountId, i % 3, `named-${i % 3}`));
    const ids = answers.map((r) => (r.kind === 'accepted' || r.kind === 'replayed' ? r.ack.requestId : r.kind));
    assert.deepEqual(
      answers.map((r) => r.kind),
      ['accepted', 'accepted', 'accepted', 'replayed', 'replayed', 'replayed', 'replayed'],
    );
    assert.deepEqual(ids.slice(3), [ids[0], ids[1], ids[2], ids[0]]);
    assert.deepEqual(
      answers.map((r) => (r.kind === 'accepted' || r.kind === 'replayed' ? r.ack.queuePosition : 0)),
      [1, 2, 3, 1, 2, 3, 1],
    );

    const before = (await prepared()).length;
    await sql`select ${'ad hoc'}::text as probe`.execute(store.db);
    const after = await prepared();
    assert.equal(after.length, before);
    assert.ok(!after.some((r) => r.statement.includes('probe')));
  });

  it('WELINK_PG_NAMED_STATEMENTS=off (behind a pooler that cannot keep them): nothing is prepared, acceptance counts the same', async () => {
    const plain = await openStore({ databaseUrl: url, dataDir, sqliteSynchronous: 'FULL', poolSize: 1, namedStatements: false });
    try {
      const a = acceptor(plain);
      const accountId = await newAccount();
      const positions: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await a.accept({ workspaceId, apiKeyId, action: actionByName('visit_profile')!, body: { accountId, profile_id: `ACoAAplain${i}` } });
        if (r.kind === 'accepted') positions.push(r.ack.queuePosition);
      }
      assert.deepEqual(positions, [1, 2, 3, 4, 5, 6]);
      const rows = (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(plain.db)).rows;
      assert.equal(rows[0].n, 0, 'the plain store prepared nothing on its connection');
    } finally {
      await plain.close();
    }
  });

  it('a column added by a newer process (rolling upgrade) does not break the prepared statements: each is prepared again under a new name', async () => {
    const a = acceptor();
    const accountId = await newAccount();
    assert.equal((await visit(a, accountId, 1)).kind, 'accepted');
    // Outside a transaction: run again at once under the new name.
    const text = 'select * from api_keys';
    nameStatement(text);
    await store.db.executeQuery(CompiledQuery.raw(text));
    await sql`alter table api_keys add column upgraded_col integer`.execute(store.db);
    const rows = await store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text));
    assert.ok(rows.rows.length > 0 && 'upgraded_col' in rows.rows[0]);
    // Inside the acceptance's transaction (the account read is `select *`): the batch fails once,
    // the group committer runs the acceptance again alone, under the new name.
    await sql`alter table accounts add column upgraded_col integer`.execute(store.db);
    const after = await visit(a, accountId, 2);
    assert.equal(after.kind, 'accepted');
    assert.equal((await visit(a, accountId, 3)).kind, 'accepted');
  });
});
