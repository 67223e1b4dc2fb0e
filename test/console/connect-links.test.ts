import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { seed } from '../helpers/live-world.ts';
import { receiver } from './support.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

forEachDialect('hosted connection links', (env) => {
  let t: TestApp;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let fake: FakeLinkedIn;
  before(async () => {
    hook = await receiver();
    fake = await FakeLinkedIn.start();
    t = await testApp(env(), { linkedinBaseUrl: fake.url });
  });
  after(async () => {
    await t.close();
    await hook.close();
    await fake.close();
  });

  const tokenOf = (url: string) => url.split('/connect/')[1];
  const page = (token: string) => t.app.server.inject({ method: 'GET', url: `/connect/${token}` });
  const status = async (token: string) => (await t.app.server.inject({ method: 'GET', url: '/connect/api/status', headers: { 'x-connect-token': token } })).json();
  const submit = async (token: string, path: 'login' | 'code' | 'cookies', body: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.server.inject({ method: 'POST', url: `/connect/api/${path}`, headers: { 'x-connect-token': token, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
    return { status: res.statusCode, body: res.json() };
  };

  async function withWebhook(): Promise<{ tenant: Tenant; secret: string }> {
    const tenant = await t.tenant();
    const made = await tenant.post('create_webhook', { url: hook.url, events: ['ACCOUNT_CONNECTED'] });
    return { tenant, secret: made.body.secret };
  }

  it('create_connect_link answers a one-time URL that expires in an hour by default', async () => {
    const tenant = await t.tenant();
    const res = await tenant.post('create_connect_link', {});
    assert.equal(res.status, 200);
    assert.match(res.body.url, /^http:\/\/localhost:80\/connect\/[A-Za-z0-9_-]{43}$/);
    assert.equal(res.body.expiresAt, new Date(t.clock.now() + 3600_000).toISOString());
    assert.match(res.body.connectLinkId, /^cnl_/);
    assert.equal(res.body.accountId, null);
    const row = await t.app.store.db.selectFrom('connect_links').selectAll().where('id', '=', res.body.connectLinkId).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(tokenOf(res.body.url)), 'the token is stored only as a hash');
    const short = await tenant.post('create_connect_link', { expires_in_seconds: 600 });
    assert.equal(short.body.expiresAt, new Date(t.clock.now() + 600_000).toISOString());
  });

  it('redirect_url must be http(s); a foreign account answers like a missing one', async () => {
    const tenant = await t.tenant();
    for (const bad of ['javascript:alert(1)', 'ftp://example.com/x', '/relative', 'https://user:pw@example.com/']) {
      const res = await tenant.post('create_connect_link', { redirect_url: bad });
      assert.equal(res.status, 400, bad);
      assert.deepEqual(res.body.details, [{ field: 'redirect_url', problem: 'must be an absolute http(s) URL without credentials' }]);
    }
    const other = await t.tenant();
    const accountId = await loggedInAccount(t, other);
    const foreign = await tenant.post('create_connect_link', { accountId });
    const missing = await tenant.post('create_connect_link', { accountId: 'acc_missing' });
    assert.equal(foreign.status, 404);
    assert.deepEqual(foreign.body, missing.body);
  });

  it('WELINK_PUBLIC_URL sets the address of the link', async () => {
    const tenant = await t.tenant();
    t.app.services.config.publicUrl = 'https://welink.example.com';
    try {
      const res = await tenant.post('create_connect_link', {});
      assert.match(res.body.url, /^https:\/\/welink\.example\.com\/connect\/[A-Za-z0-9_-]{43}$/);
    } finally {
      t.app.services.config.publicUrl = '';
    }
  });

  it('the +pin email, then code 123456: connected, one signed ACCOUNT_CONNECTED with the account and the link, never the password', async () => {
    t.clock.set(Math.max(t.clock.now(), Date.now())); // standardwebhooks checks the timestamp against the real time
    const { tenant, secret } = await withWebhook();
    const link = (await tenant.post('create_connect_link', { redirect_url: 'https://crm.example.com/done?x=1' })).body;
    const token = tokenOf(link.url);

    const html = await page(token);
    assert.equal(html.statusCode, 200);
    assert.equal(html.headers['content-security-policy'], CSP);
    assert.equal(html.headers['referrer-policy'], 'same-origin');
    assert.equal(html.headers['cache-control'], 'no-store');
    assert.match(html.body, /What connecting means/);
    assert.match(html.body, /LinkedIn forbids automation/);
    assert.match(html.body, /<label for="code">Code<\/label>/);
    assert.doesNotMatch(html.body, /<script>|style="/);
    assert.equal((await status(token)).state, 'OPEN');

    const password = 'Secret-P4ssword!';
    const sent = await submit(token, 'login', { email: 'ada.lovelace+pin@example.com', password });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.state, 'WORKING');
    const busy = await submit(token, 'login', { email: 'ada.lovelace+pin@example.com', password });
    assert.equal(busy.status, 409);
    assert.equal(busy.body.code, 'CONNECT_LINK_BUSY');

    await t.app.engine.drain();
    assert.equal((await status(token)).state, 'PIN_REQUIRED');
    const code = await submit(token, 'code', { code: '123456' });
    assert.equal(code.status, 200, JSON.stringify(code.body));
    await t.app.engine.drain();
    const done = await status(token);
    assert.equal(done.state, 'CONNECTED');
    assert.match(done.accountId, /^acc_/);
    assert.equal(done.redirectUrl, `https://crm.example.com/done?x=1&accountId=${done.accountId}&connectLinkId=${link.connectLinkId}`);

    await t.app.dispatcher.runDue();
    const connected = hook.received.filter((r) => r.body.event === 'ACCOUNT_CONNECTED' && r.body.connectLinkId === link.connectLinkId);
    assert.equal(connected.length, 1);
    const body = connected[0].body;
    assert.equal(body.accountId, done.accountId);
    assert.equal(body.status, 'SUCCESS');
    assert.equal(body.result.email, 'ada.lovelace+pin@example.com');
    const raw = connected[0].raw;
    assert.ok(!raw.includes(password) && !raw.includes('123456'), 'no credential in the webhook');
    assert.deepEqual(new Webhook(secret).verify(raw, connected[0].headers as Record<string, string>), body);

    const account = await tenant.post('get_ln_account_details', { accountId: done.accountId });
    assert.equal(account.body.status, 'ACTIVE');
    const stored = await t.app.store.db.selectFrom('accounts').select('secrets').where('id', '=', done.accountId).executeTakeFirstOrThrow();
    assert.ok(stored.secrets && !stored.secrets.includes(password), 'the password is sealed at rest');
    const events = (await tenant.post('get_events', {})).body.events.map((e: { type: string }) => e.type);
    assert.deepEqual(events, ['LOGIN_PIN_REQUIRED', 'LOGIN_SUCCESS', 'ACCOUNT_CONNECTED']);

    // Used: the page says so, and nothing more can be sent.
    const used = await page(token);
    assert.equal(used.statusCode, 410);
    assert.match(used.body, /This connection link has already been used/);
    assert.equal(used.headers['content-security-policy'], CSP);
    const again = await submit(token, 'login', { email: 'ada.lovelace+pin@example.com', password });
    assert.equal(again.status, 410);
    assert.deepEqual(again.body, { statusCode: 410, error: 'Gone', code: 'CONNECT_LINK_USED', message: 'This connection link has already been used.' });
  });

  it('a wrong password leaves the link usable and says why; the next try connects', async () => {
    const tenant = await t.tenant();
    const token = tokenOf((await tenant.post('create_connect_link', {})).body.url);
    await submit(token, 'login', { email: 'grace.hopper@example.com', password: 'wrong-password' });
    await t.app.engine.drain();
    const failed = await status(token);
    assert.equal(failed.state, 'FAILED');
    assert.equal(failed.code, 'WRONG_PASSWORD');
    assert.equal(failed.message, 'LinkedIn did not accept this email and password. Check them and try again.');
    assert.equal((await page(token)).statusCode, 200);
    assert.equal((await submit(token, 'login', { email: 'grace.hopper@example.com', password: 'right' })).status, 200);
    await t.app.engine.drain();
    assert.equal((await status(token)).state, 'CONNECTED');
  });

  it('expired, unknown and withdrawn links answer an HTML page that says so', async () => {
    const tenant = await t.tenant();
    const token = tokenOf((await tenant.post('create_connect_link', { expires_in_seconds: 60 })).body.url);
    t.clock.advance(60_000);
    const expired = await page(token);
    assert.equal(expired.statusCode, 410);
    assert.match(String(expired.headers['content-type']), /^text\/html/);
    assert.match(expired.body, /This connection link has expired/);
    const late = await submit(token, 'login', { email: 'a@example.com', password: 'x' });
    assert.equal(late.body.code, 'CONNECT_LINK_EXPIRED');

    const unknown = await page('A'.repeat(43));
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /This connection link is not valid/);
    const noToken = await submit('', 'login', { email: 'a@example.com', password: 'x' });
    assert.equal(noToken.status, 404);
    assert.equal(noToken.body.code, 'CONNECT_LINK_NOT_FOUND');

    const fresh = tokenOf((await tenant.post('create_connect_link', {})).body.url);
    await tenant.post('revoke_api_key', { apiKey: tenant.apiKey });
    assert.equal((await page(fresh)).statusCode, 404, 'revoking the key that made a link withdraws it');
  });

  it('forms from another site are refused before anything is read', async () => {
    const tenant = await t.tenant();
    const token = tokenOf((await tenant.post('create_connect_link', {})).body.url);
    const cross = await submit(token, 'login', { email: 'a@example.com', password: 'x' }, { origin: 'https://evil.example' });
    assert.equal(cross.status, 403);
    assert.equal(cross.body.code, 'CSRF_REJECTED');
    assert.equal((await status(token)).state, 'OPEN');
  });

  it('a reconnection link reconnects its own account only: a paused account comes back and its requests run', async () => {
    const { tenant } = await withWebhook();
    const accountId = await loggedInAccount(t, tenant, 'alan.turing+expire1@example.com');
    await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAmy-test-1' });
    const waiting = (await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAmy-test-2' })).body.requestId;
    await t.app.engine.drain();
    assert.equal((await tenant.post('get_ln_account_details', { accountId })).body.status, 'PAUSED');

    const link = (await tenant.post('create_connect_link', { accountId })).body;
    assert.equal(link.accountId, accountId);
    const token = tokenOf(link.url);
    assert.match((await page(token)).body, /This link reconnects the LinkedIn account <strong>a•••@example\.com<\/strong>/);
    const other = await submit(token, 'login', { email: 'someone.else@example.com', password: 'x' });
    assert.equal(other.status, 400);
    assert.equal(other.body.details[0].field, 'email');
    assert.equal((await submit(token, 'login', { email: 'Alan.Turing+expire1@example.com', password: 'x' })).status, 200);
    await t.app.engine.drain();
    const done = await status(token);
    assert.equal(done.state, 'CONNECTED');
    assert.equal(done.accountId, accountId, 'the same account');
    assert.equal((await tenant.post('get_response', { request_id: waiting })).body.status, 'SUCCESS', 'the waiting request ran');
  });

  it('sandbox: the cookie option is simulated and logs the account in through the sandbox', async () => {
    const tenant = await t.tenant();
    const token = tokenOf((await tenant.post('create_connect_link', {})).body.url);
    const missingEmail = await submit(token, 'cookies', { li_at: 'AQEDAR-sandbox-cookie', JSESSIONID: 'ajax:123' });
    assert.equal(missingEmail.status, 400);
    const res = await submit(token, 'cookies', { email: 'hedy.lamarr@example.com', li_at: 'AQEDAR-sandbox-cookie', JSESSIONID: '"ajax:1234567890"', user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Test' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await t.app.engine.drain();
    const done = await status(token);
    assert.equal(done.state, 'CONNECTED');
    const row = await t.app.store.db.selectFrom('accounts').select('secrets').where('id', '=', done.accountId).executeTakeFirstOrThrow();
    assert.ok(!t.app.services.sealer.open(row.secrets!).includes('AQEDAR-sandbox-cookie'), 'sandbox cookies are not kept');
  });

  it('live: cookies are checked with LinkedIn through connect_account_cookies, and ACCOUNT_CONNECTED carries the link', async () => {
    fake.reset();
    seed(fake);
    const tenant = await t.tenant({ mode: 'live' });
    await tenant.post('create_webhook', { url: hook.url, events: ['ACCOUNT_CONNECTED'] });
    const link = (await tenant.post('create_connect_link', {})).body;
    const token = tokenOf(link.url);
    const refused = await submit(token, 'cookies', { email: 'ada@example.com', li_at: 'AQEDAR-not-a-session', JSESSIONID: 'ajax:1' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'LINKEDIN_SESSION_INVALID');
    const failed = await status(token);
    assert.equal(failed.state, 'FAILED');
    assert.equal(failed.code, 'LINKEDIN_SESSION_INVALID');

    const cookies = fake.state.login('ACoAAAda0000000000000000000000000000001');
    const ok = await submit(token, 'cookies', { email: 'ada@example.com', ...cookies, user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140 Test' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.state, 'CONNECTED');
    const row = await t.app.store.db.selectFrom('accounts').select('secrets').where('id', '=', ok.body.accountId).executeTakeFirstOrThrow();
    assert.ok(row.secrets && !row.secrets.includes(cookies.li_at), 'cookies sealed at rest');
    assert.equal(t.app.services.sealer.openJson<{ userAgent: string }>(row.secrets).userAgent, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140 Test');
    await t.app.dispatcher.runDue();
    const got = hook.received.filter((r) => r.body.connectLinkId === link.connectLinkId);
    assert.equal(got.length, 1);
    assert.equal(got[0].body.accountId, ok.body.accountId);
    assert.ok(!JSON.stringify(got[0].body).includes(cookies.li_at));
  });
});
