import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrate, openStore, type Store } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { MAX_ENDPOINTS } from '../../src/webhooks/endpoints.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';
import { apiClient, startServe, stopAll, type ServeProcess } from '../helpers/processes.ts';

const why = await postgresUnavailable();
if (why && pgRequired) throw new Error(why);

// The cap used to be counted, then written: 150 concurrent creations over 3 processes made 73 to 148
// endpoints. Counted and written under the workspace row's lock, it holds exactly.
describe('the webhook endpoint cap across API processes on PostgreSQL', { skip: why ?? false, timeout: 120000 }, () => {
  let drop: () => Promise<void>;
  let store: Store;
  let dataDir: string;
  const procs: ServeProcess[] = [];

  before(async () => {
    const fresh = await freshPostgres();
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'welink-cap-'));
    store = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
    await migrate(store);
    const env = {
      DATABASE_URL: fresh.url,
      WELINK_DATA_DIR: dataDir,
      WELINK_MASTER_KEY: randomBytes(32).toString('base64'),
      WELINK_WEBHOOK_ALLOW_PRIVATE: 'true',
      WELINK_SYNC_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    };
    procs.push(...(await Promise.all(Array.from({ length: 3 }, () => startServe({ role: 'api', env })))));
  });

  after(async () => {
    await stopAll(procs);
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`150 concurrent create_webhook over 3 processes: exactly ${MAX_ENDPOINTS} endpoints, the rest refused`, async () => {
    const key = await createKey(store.db, { name: 'cap', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    const clients = procs.map((p) => apiClient(p.url, key));
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => clients[i % clients.length].post('create_webhook', { url: `http://127.0.0.1:9/hook/${i}` })));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 400);
    assert.equal(ok.length, MAX_ENDPOINTS);
    assert.equal(refused.length, 150 - MAX_ENDPOINTS);
    for (const r of refused) assert.match(r.body.message, /at most 50 webhook endpoints/);
    const stored = await store.db.selectFrom('webhook_endpoints').select('id').where('workspace_id', '=', key.workspaceId).execute();
    assert.equal(stored.length, MAX_ENDPOINTS);
  });
});
