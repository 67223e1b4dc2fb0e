import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { assertErrorBody } from '../helpers/error-body.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { liveApp } from '../helpers/live-app.ts';
import { ADA, connectAda } from '../helpers/live-world.ts';

/**
 * connect_account_cookies says what is wrong when it is not the session: a proxy welink refuses
 * (PROXY_REFUSED, naming the setting that lifts the guard), a proxy that cannot be reached
 * (PROXY_UNREACHABLE), an account LinkedIn is holding (ACCOUNT_HELD, until when). None of them
 * calls LinkedIn's /me. (Issue 14 §9.)
 */
forEachDialect('connect_account_cookies refusals', (env) => {
  let fake: FakeLinkedIn;
  let guarded: TestApp;
  const live = liveApp(env, { tenant: 'none' }, (w) => ({ t: guarded, fake } = w));

  const refusal = (res: { status: number; body: unknown }, context: string) => assertErrorBody(res.status, JSON.stringify(res.body), context);

  it('a proxy on 127.0.0.1 or localhost is PROXY_REFUSED (422) naming WELINK_PROXY_ALLOW_PRIVATE, and LinkedIn is not called', async () => {
    const tenant = await guarded.tenant({ mode: 'live' });
    const cookies = fake.state.login(ADA);
    const res = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies, proxy: { host: '127.0.0.1', port: 3128 } });
    assert.deepEqual(refusal(res, 'literal'), {
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'PROXY_REFUSED',
      message:
        'The proxy address 127.0.0.1 is private, loopback, link-local or reserved; welink does not connect there. ' +
        'A server started with WELINK_PROXY_ALLOW_PRIVATE=true accepts it (a proxy on your own network).',
    });
    const named = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies, proxy: { host: 'localhost', port: 3128 } });
    assert.equal(refusal(named, 'name').code, 'PROXY_REFUSED');
    assert.match(String(named.body.message), /^The proxy host localhost resolves to (127\.0\.0\.1|::1), which is private, .*WELINK_PROXY_ALLOW_PRIVATE=true/);
    const socks = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies, proxy: { host: '203.0.113.9', port: 1080, protocol: 'socks5' } });
    assert.deepEqual(refusal(socks, 'socks5'), { statusCode: 422, error: 'Unprocessable Entity', code: 'PROXY_REFUSED', message: 'socks5 proxies are not supported; use an HTTP proxy (CONNECT).' });
    assert.equal(fake.calls().length, 0, 'nothing reached LinkedIn');
    const accounts = await tenant.post('get_all_ln_accounts', {});
    assert.deepEqual(accounts.body.accounts ?? accounts.body, []);
  });

  it('with WELINK_PROXY_ALLOW_PRIVATE, a proxy nobody listens on, or one refusing the tunnel, is PROXY_UNREACHABLE (502)', async () => {
    const open = await live.another({ proxyAllowPrivate: true });
    const tenant = await open.tenant({ mode: 'live' });
    const cookies = fake.state.login(ADA);

    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const dead = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies, proxy: { host: '127.0.0.1', port: deadPort } });
    assert.deepEqual(refusal(dead, 'dead'), {
      statusCode: 502,
      error: 'Bad Gateway',
      code: 'PROXY_UNREACHABLE',
      message: `The proxy could not be used to reach LinkedIn: The proxy is unreachable: connect ECONNREFUSED 127.0.0.1:${deadPort}`,
    });

    // A real proxy that answers every CONNECT with 407.
    const picky = http.createServer();
    picky.on('connect', (_req, socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n'));
    await new Promise<void>((r) => picky.listen(0, '127.0.0.1', r));
    try {
      const port = (picky.address() as AddressInfo).port;
      const tunnel = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies, proxy: { host: '127.0.0.1', port } });
      assert.deepEqual(refusal(tunnel, 'tunnel'), {
        statusCode: 502,
        error: 'Bad Gateway',
        code: 'PROXY_UNREACHABLE',
        message: 'The proxy could not be used to reach LinkedIn: The proxy refused the tunnel (HTTP 407).',
      });
    } finally {
      await new Promise<void>((r) => picky.close(() => r()));
    }
    assert.equal(fake.calls().length, 0, 'nothing reached LinkedIn');
  });

  it('an account LinkedIn is holding is ACCOUNT_HELD (409) with retryAt, by accountId or email, without calling /me; after the hold it connects', async () => {
    const t = guarded;
    const tenant: Tenant = await t.tenant({ mode: 'live' });
    const { accountId } = await connectAda(t, tenant, fake);
    fake.failNext(/voyagerMessagingGraphQL/, { status: 429, body: { status: 429 }, headers: { 'retry-after': '3600' } });
    const ack = await tenant.post('personal_message_threads', { accountId });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await t.app.engine.drain();
    const details = await tenant.post('get_ln_account_details', { accountId });
    const hold = (details.body.holds as { scope: string; code: string; until: string }[]).find((h) => h.scope === 'account');
    assert.ok(hold, `the account is held: ${JSON.stringify(details.body)}`);

    const calls = fake.calls().length;
    const fresh = fake.state.login(ADA);
    for (const target of [{ accountId }, { email: 'ada@example.com' }]) {
      const res = await tenant.post('connect_account_cookies', { ...target, ...fresh });
      assert.deepEqual(refusal(res, JSON.stringify(target)), {
        statusCode: 409,
        error: 'Conflict',
        code: 'ACCOUNT_HELD',
        message: `LinkedIn is holding this account (${hold.code}) until ${hold.until}: welink sends nothing to LinkedIn for it before then, a session check included. Connect it again after ${hold.until}.`,
        retryAt: hold.until,
      });
    }
    assert.equal(fake.calls().length, calls, 'no /me while held');

    t.clock.set(Date.parse(hold.until) + 1);
    const after = await tenant.post('connect_account_cookies', { accountId, ...fresh });
    assert.equal(after.status, 200, JSON.stringify(after.body));
    assert.equal(after.body.accountId, accountId);
  });
});
