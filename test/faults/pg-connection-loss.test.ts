import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { migrate, openStore } from '../../src/store/open.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { freshPostgres, pgRequired, postgresUnavailable } from '../helpers/pg.ts';
import { apiClient, startServe, type ServeProcess } from '../helpers/processes.ts';
import { Load } from './load.ts';
import { assertErrorBody, waitFor } from './support.ts';

const TERMINAL = ['SUCCESS', 'FAILED', 'CANCELLED'] as const;
const ADMIN_URL = process.env.WELINK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// The everyday cousin of pg-restart.test.ts: instead of stopping the shared server, it terminates
// only its own database's connections (as a restart or a failover does), over and over, under load.
describe('PostgreSQL connections killed under load [postgres]', () => {
  it('the server stays up, answers 503 or 2xx, and finishes every acknowledged request once', async (tc) => {
    const why = await postgresUnavailable();
    if (why) {
      if (pgRequired) throw new Error(why);
      tc.skip(why);
      return;
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'welink-pgkill-'));
    const fresh = await freshPostgres();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    let proc: ServeProcess | null = null;
    let load: Load | null = null;
    try {
      const setup = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
      await migrate(setup);
      const creds = await createKey(setup.db, { name: 'pg-kill', now: Date.now() });
      await setup.close();
      if ('error' in creds) throw new Error(creds.error);
      proc = await startServe({
        role: 'all',
        env: { DATABASE_URL: fresh.url, WELINK_DATA_DIR: dataDir, WELINK_PACING: 'off', WELINK_RATE_LIMIT: '100000', WELINK_SYNC_RATE_LIMIT: '10000000', WELINK_POLL_MS: '100', WELINK_MASTER_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'error' },
      });
      const api = apiClient(proc.url, creds);
      const accounts: string[] = [];
      for (let i = 0; i < 2; i++) accounts.push((await api.post('login_v2', { email: `pg.kill${i}@example.com`, password: 'pw' })).body.accountId);
      await waitFor('accounts active', async () => {
        for (const id of accounts) if ((await api.post('get_ln_account_details', { accountId: id })).body.status !== 'ACTIVE') return false;
        return true;
      }, 30000);

      const url = proc.url;
      const bad: string[] = [];
      load = new Load({
        baseUrl: () => url,
        headers: { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret },
        accounts,
        workers: 4,
        maxRequests: 4000,
        onAnswer: (a) => {
          if (a.status === 503) assertErrorBody(503, JSON.stringify(a.body), 'load');
          else if (a.status >= 300) bad.push(`${a.status} ${JSON.stringify(a.body)}`);
        },
      });
      load.start();
      await admin.connect();
      const dbName = new URL(fresh.url).pathname.slice(1);
      for (let round = 0; round < 12; round++) {
        await new Promise((r) => setTimeout(r, 250));
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
        const state: string = await Promise.race([proc.exited.then(() => 'exited'), new Promise<string>((r) => setTimeout(() => r('running'), 5))]);
        assert.equal(state, 'running', `the server died after round ${round}: ${proc.stderr().slice(-2000)}`);
      }
      const before = load.acknowledged.size;
      await waitFor('acceptances after the last kill', async () => load!.acknowledged.size > before + 10, 30000, 20);
      await load.stop();
      tc.diagnostic(`sent ${load.sent}, acknowledged ${load.acknowledged.size}, answers ${JSON.stringify(Object.fromEntries(load.statuses))}`);
      assert.deepEqual(bad, [], 'only 2xx and 503 under connection loss');

      const check = await openStore({ databaseUrl: fresh.url, dataDir, sqliteSynchronous: 'FULL' });
      try {
        const ids = [...load.acknowledged.keys()];
        const rows = await waitFor('every acknowledged request terminal (lanes whose run failed are handed back)', async () => {
          const found = [];
          for (let i = 0; i < ids.length; i += 500) found.push(...(await check.db.selectFrom('requests').select(['id', 'status', 'error_code', 'error_message']).where('id', 'in', ids.slice(i, i + 500)).execute()));
          return found.length === ids.length && found.every((r) => (TERMINAL as readonly string[]).includes(r.status)) ? found : null;
        }, 60000, 250);
        assert.deepEqual(rows.filter((r) => r.status !== 'SUCCESS'), []);
        const doubled = await check.db.selectFrom('sandbox_effects').select('request_id').where('request_id', 'is not', null).groupBy('request_id').having((eb) => eb.fn.countAll(), '>', 1).execute();
        assert.deepEqual(doubled, [], 'no side effect twice');
      } finally {
        await check.close();
      }
    } catch (err) {
      if (proc) (err as Error).message += `\nserver stderr: ${proc.stderr().slice(-3000)}`;
      throw err;
    } finally {
      await load?.stop();
      await admin.end().catch(() => {});
      if (proc) {
        proc.kill('SIGKILL');
        await proc.exited;
      }
      await fresh.drop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
