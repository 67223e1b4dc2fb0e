import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/lib/ids.ts';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';
import { apiClient, startServe, stopAll, type ServeProcess } from '../helpers/processes.ts';

const why = await postgresUnavailable();
if (why && pgRequired) throw new Error(why);

describe('rate limit across API processes on PostgreSQL', { skip: why ?? false, timeout: 120000 }, () => {
  let drop: () => Promise<void>;
  let store: Store;
  let dataDir: string;
  const procs: ServeProcess[] = [];

  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-rl-'));
    store = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    const env = {
      DATABASE_URL: fresh.url,
      WELINK_DATA_DIR: dataDir,
      WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
      WELINK_PACING: 'off',
      WELINK_SYNC_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    };
    procs.push(...(await Promise.all(Array.from({ length: 4 }, () => startServe({ role: 'api', env })))));
  });

  after(async () => {
    await stopAll(procs);
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('200 concurrent requests for one account over 4 processes: exactly 30 accepted, 170 refused', async () => {
    const key = await createKey(store.db, { name: 'rl', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    // The account is created directly (no login_v2), so nothing else counts against its window.
    const now = Date.now();
    const accountId = newId('acc', now);
    await store.db
      .insertInto('accounts')
      .values({
        id: accountId,
        workspace_id: key.workspaceId,
        email: 'limited@example.com',
        status: 'ACTIVE',
        status_reason: null,
        profile: null,
        secrets: null,
        proxy: null,
        premium: 0,
        timezone: null,
        active_hours: null,
        next_run_at: 0,
        lease_owner: null,
        lease_until: null,
        next_seq: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();

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

    const stored = await store.db.selectFrom('requests').select(['id', 'lane_seq']).where('account_id', '=', accountId).execute();
    assert.equal(stored.length, 30);
    assert.deepEqual(new Set(stored.map((r) => r.id)), new Set(accepted.map((a) => a.body.requestId)));
    // Lane positions are gap-free too: the same per-account lock ordered them.
    assert.deepEqual(
      stored.map((r) => Number(r.lane_seq)).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });
});
