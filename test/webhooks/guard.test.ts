import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { newId } from '../../src/lib/ids.ts';
import { testApp, type Tenant, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver } from '../helpers/receiver.ts';

const forbidden = (message: string) => ({ statusCode: 422, error: 'Unprocessable Entity', code: 'WEBHOOK_URL_FORBIDDEN', message });

forEachDialect('webhook API with the SSRF guard on', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let r: Receiver;
  before(async () => {
    t = await testApp(env(), { webhookAllowPrivate: false, webhookRetrySchedule: [0, 1] });
    tenant = await t.tenant();
    r = await Receiver.start();
  });
  after(async () => {
    await t.close();
    await r.down();
  });

  it('refuses loopback, private, link-local, metadata and names resolving to them, with the standard error body', async () => {
    const cases: [string, string][] = [
      ['http://127.0.0.1/hook', 'webhook URL points to a private, loopback, link-local or reserved address (127.0.0.1); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only).'],
      ['http://10.0.0.1/hook', 'webhook URL points to a private, loopback, link-local or reserved address (10.0.0.1); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only).'],
      ['http://169.254.169.254/latest/meta-data', 'webhook URL points to a private, loopback, link-local or reserved address (169.254.169.254); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only).'],
      ['http://[::1]/hook', 'webhook URL points to a private, loopback, link-local or reserved address (::1); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only).'],
      ['http://localhost:8080/hook', 'webhook host localhost resolves to a private, loopback, link-local or reserved address (127.0.0.1); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only).'],
    ];
    for (const [url, message] of cases) {
      const res = await tenant.post('create_webhook', { url });
      assert.equal(res.status, 422, url);
      if (url.includes('localhost')) {
        // localhost may resolve to ::1 first on some machines.
        assert.equal(res.body.code, 'WEBHOOK_URL_FORBIDDEN');
        assert.match(res.body.message, /^webhook host localhost resolves to a private, loopback, link-local or reserved address \((127\.0\.0\.1|::1)\); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it \(local development only\)\.$/);
      } else {
        assert.deepEqual(res.body, forbidden(message), url);
      }
    }
    const invalid = await tenant.post('create_webhook', { url: 'ftp://example.com/hook' });
    assert.deepEqual(invalid.body, { statusCode: 422, error: 'Unprocessable Entity', code: 'WEBHOOK_URL_INVALID', message: 'webhook URL must use http or https.' });
    const list = await tenant.post('list_webhooks', {});
    assert.deepEqual(list.body, { webhooks: [] }, 'nothing was created');
  });

  it('update_webhook applies the same guard', async () => {
    // A public address literal passes the configuration check without any DNS lookup.
    const created = await tenant.post('create_webhook', { url: 'https://93.184.215.14/hook' });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const res = await tenant.post('update_webhook', { webhookId: created.body.webhookId, url: 'http://192.168.1.10/hook' });
    assert.deepEqual(res.body, forbidden('webhook URL points to a private, loopback, link-local or reserved address (192.168.1.10); a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only).'));
    const del = await tenant.post('delete_webhook', { webhookId: created.body.webhookId });
    assert.deepEqual(del.body, { webhookId: created.body.webhookId, deleted: true });
  });

  it('delivery is refused too when a stored URL points inside (checked on the address connected)', async () => {
    const now = t.clock.now();
    const webhookId = newId('whk', now);
    // As if the URL had been accepted earlier (e.g. while the guard was off).
    await t.app.store.db
      .insertInto('webhook_endpoints')
      .values({
        id: webhookId,
        workspace_id: tenant.workspaceId,
        url: r.url,
        description: null,
        events: null,
        enabled: 1,
        disabled_reason: null,
        secret: t.app.services.sealer.seal('whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0'),
        previous_secret: null,
        previous_secret_expires_at: null,
        failing_since: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const test = await tenant.post('test_webhook', { webhookId });
    assert.equal(test.status, 200);
    await t.app.dispatcher.runDue();
    assert.equal(r.received.length, 0);
    const [d] = (await tenant.post('list_webhook_deliveries', { webhook_id: webhookId })).body.deliveries;
    assert.equal(d.attempts[0].outcome, 'WEBHOOK_URL_FORBIDDEN');
    assert.equal(d.status, 'PENDING');
  });
});
