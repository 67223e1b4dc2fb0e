import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { Receiver } from '../helpers/receiver.ts';
import { waitFor } from '../helpers/wait.ts';

// Issue 6, fault 3: the receiver goes away while requests keep finishing, then comes back; every
// event still arrives, verified, with its webhook-id stable across the attempts.
test('webhook receiver outage under load: every event arrives once the receiver is back', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'welink-outage-'));
  const config = loadConfig(
    {},
    { dataDir: dir, port: 0, host: '127.0.0.1', logLevel: 'silent', pacing: 'off', webhookAllowPrivate: true, webhookRetrySchedule: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], rateLimit: 1000 },
  );
  const app = await createApp({ config });
  const { port } = await app.start();
  const receiver = await Receiver.start();
  try {
    const key = await createKey(app.store.db, { name: 'outage', now: Date.now() });
    if ('error' in key) throw new Error(key.error);
    const headers = { 'content-type': 'application/json', 'x-api-key': key.apiKey, 'x-api-secret': key.apiSecret };
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const hook = await call('create_webhook', { url: receiver.url });
    assert.equal(hook.status, 200, JSON.stringify(hook.body));
    const wh = new Webhook(hook.body.secret);

    const accounts: string[] = [];
    for (let i = 0; i < 8; i++) accounts.push((await call('login_v2', { email: `outage.${i}@example.com`, password: 'pw' })).body.accountId);

    // Load while the receiver is down for a while, then up again.
    let sent = 0;
    const load = (async () => {
      const deadline = Date.now() + 4000;
      while (Date.now() < deadline && sent < 400) {
        await Promise.all(
          accounts.map(async (accountId, i) => {
            const r = await call('visit_profile', { accountId, profile_id: `ACoAAoutage-${i}-${sent}` });
            assert.equal(r.status, 200);
          }),
        );
        sent += accounts.length;
      }
    })();
    // Down once deliveries flow, up again once several attempts have failed against the closed port.
    await waitFor('deliveries arriving', () => receiver.received.length >= 8);
    await receiver.down();
    const failedAttempts = async () =>
      Number((await app.store.db.selectFrom('webhook_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'CONNECTION_FAILED').executeTakeFirstOrThrow()).n);
    await waitFor('attempts failing during the outage', async () => (await failedAttempts()) >= 10, 30_000);
    await receiver.up();
    await load;

    await waitFor('every request finished and every delivery delivered', async () => {
      const row = await app.store.db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '!=', 'DELIVERED')
        .executeTakeFirstOrThrow();
      const unfinished = await app.store.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        .executeTakeFirstOrThrow();
      return Number(row.n) + Number(unfinished.n) === 0;
    }, 60_000, 200);

    const deliveries = await app.store.db.selectFrom('webhook_deliveries').select(['id', 'attempts', 'request_id']).execute();
    const requests = await app.store.db.selectFrom('requests').select('id').execute();
    assert.equal(new Set(deliveries.map((d) => d.request_id)).size, requests.length, 'one delivery per finished request');
    assert.ok(deliveries.some((d) => d.attempts > 1), 'the outage made some deliveries retry');

    // Every delivery arrived at least once, verified, under its stable webhook-id.
    const arrived = new Set<string>();
    for (const r of receiver.received) {
      const id = String(r.headers['webhook-id']);
      wh.verify(r.body, r.headers as Record<string, string>);
      arrived.add(id);
    }
    for (const d of deliveries) assert.ok(arrived.has(d.id), `delivery ${d.id} arrived`);
  } finally {
    await receiver.down();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
