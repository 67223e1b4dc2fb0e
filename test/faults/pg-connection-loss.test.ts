import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { onPostgres, processCluster } from '../helpers/cluster.ts';
import { assertErrorBody } from '../helpers/error-body.ts';
import { Load } from '../helpers/load.ts';
import { apiClient, type ServeProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

const TERMINAL = ['SUCCESS', 'FAILED', 'CANCELLED'] as const;
const ADMIN_URL = process.env.WELINK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// The everyday cousin of pg-restart.test.ts: instead of stopping the shared server, it terminates
// only its own database's connections (as a restart or a failover does), over and over, under load.
onPostgres('PostgreSQL connections killed under load', {}, () => {
  it('the server stays up, answers 503 or 2xx, and finishes every acknowledged request once', async (tc) => {
    const c = await processCluster('postgres', { WELINK_POLL_MS: '100', LOG_LEVEL: 'error' });
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    let proc: ServeProcess | null = null;
    let load: Load | null = null;
    try {
      const creds = await c.key('pg-kill');
      proc = await c.start('all');
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
      const dbName = new URL(c.databaseUrl).pathname.slice(1);
      for (let round = 0; round < 12; round++) {
        // Kills paced a quarter second apart, each one landing on whatever the server is doing.
        await new Promise((r) => setTimeout(r, 250));
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
        const state: string = await Promise.race([proc.exited.then(() => 'exited'), new Promise<string>((r) => setTimeout(() => r('running'), 5))]);
        assert.equal(state, 'running', `the server died after round ${round}: ${proc.stderr().slice(-2000)}`);
      }
      const before = load.acknowledged.size;
      await waitFor('acceptances after the last kill', async () => load!.acknowledged.size > before + 10, 30000);
      await load.stop();
      tc.diagnostic(`sent ${load.sent}, acknowledged ${load.acknowledged.size}, answers ${JSON.stringify(Object.fromEntries(load.statuses))}`);
      assert.deepEqual(bad, [], 'only 2xx and 503 under connection loss');

      const ids = [...load.acknowledged.keys()];
      const rows = await waitFor('every acknowledged request terminal (lanes whose run failed are handed back)', async () => {
        const found = [];
        for (let i = 0; i < ids.length; i += 500) found.push(...(await c.store.db.selectFrom('requests').select(['id', 'status', 'error_code', 'error_message']).where('id', 'in', ids.slice(i, i + 500)).execute()));
        return found.length === ids.length && found.every((r) => (TERMINAL as readonly string[]).includes(r.status)) ? found : null;
      }, 60000, 250);
      assert.deepEqual(rows.filter((r) => r.status !== 'SUCCESS'), []);
      const doubled = await c.store.db.selectFrom('sandbox_effects').select('request_id').where('request_id', 'is not', null).groupBy('request_id').having((eb) => eb.fn.countAll(), '>', 1).execute();
      assert.deepEqual(doubled, [], 'no side effect twice');
    } catch (err) {
      if (proc) (err as Error).message += `\nserver stderr: ${proc.stderr().slice(-3000)}`;
      throw err;
    } finally {
      await load?.stop();
      await admin.end().catch(() => {});
      proc?.kill('SIGKILL');
      await c.close();
    }
  });
});
