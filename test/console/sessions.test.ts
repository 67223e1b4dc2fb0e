import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { hashSecret } from '../../src/lib/secrets.ts';
import { revokeKey } from '../../src/tenancy/keys.ts';
import { testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { consoleCall, signIn } from './support.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const CSRF_REJECTED = { statusCode: 403, error: 'Forbidden', code: 'CSRF_REJECTED', message: 'Console calls must come from the console itself, with its x-csrf-token header.' };
const SESSION_ENDED = {
  statusCode: 401,
  error: 'Unauthorized',
  code: 'UNAUTHORIZED',
  message: 'The console session has ended (expired, signed out, or its API key was revoked); sign in again.',
};

forEachDialect('console sessions', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.server.inject({ method: 'POST', url: '/console/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(body).toString() });

  it('signing in sets an HttpOnly, SameSite=Strict session cookie whose token is stored only as a hash', async () => {
    const s = await signIn(t, tenant, { origin: 'http://localhost:80' });
    assert.match(s.setCookie, /^welink_console=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const token = s.cookie.split('=')[1];
    const rows = await t.app.store.db.selectFrom('console_sessions').selectAll().where('workspace_id', '=', tenant.workspaceId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].token_hash, hashSecret(token));
    assert.ok(!JSON.stringify(rows).includes(token));
    assert.equal(Number(rows[0].expires_at) - Number(rows[0].created_at), 12 * 3600 * 1000);
  });

  it('over https (WELINK_PUBLIC_URL) the cookie is Secure and __Host- prefixed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'welink-https-'));
    const secure = await testApp({ ...env(), dataDir }, { publicUrl: 'https://welink.example.com' });
    try {
      const tn = await secure.tenant();
      const s = await signIn(secure, tn, { origin: 'https://welink.example.com' });
      assert.match(s.setCookie, /^__Host-welink_console=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure$/);
      const ok = await consoleCall(secure, s, 'get_all_ln_accounts', {}, { origin: 'https://welink.example.com' });
      assert.equal(ok.status, 200);
    } finally {
      await secure.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a wrong secret, a missing field or a cross-site form signs nobody in', async () => {
    const wrong = await form({ apiKey: tenant.apiKey, apiSecret: tenant.apiSecret + 'x' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.match(wrong.body, /This API key and secret do not match an active key pair\./);
    assert.ok(!wrong.body.includes(tenant.apiSecret), 'the secret is not echoed back');
    const missing = await form({ apiKey: tenant.apiKey });
    assert.equal(missing.statusCode, 400);
    const nul = await form({ apiKey: tenant.apiKey + '\u0000', apiSecret: tenant.apiSecret });
    assert.equal(nul.statusCode, 400);
    const cross = await form({ apiKey: tenant.apiKey, apiSecret: tenant.apiSecret }, { origin: 'https://evil.example' });
    assert.equal(cross.statusCode, 403);
    assert.equal(cross.headers['set-cookie'], undefined);
    const site = await form({ apiKey: tenant.apiKey, apiSecret: tenant.apiSecret }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(site.statusCode, 403);
  });

  it('a key restricted to other addresses cannot open a console', async () => {
    const far = await t.tenant({ allowedIps: ['10.9.8.0/24'] });
    const res = await form({ apiKey: far.apiKey, apiSecret: far.apiSecret });
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers['set-cookie'], undefined);
  });

  it('the session calls /api/v1 operations only with its CSRF token and from this origin', async () => {
    const s = await signIn(t, tenant);
    const ok = await consoleCall(t, s, 'get_all_ln_accounts', {}, { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, []);
    for (const headers of [{ 'x-csrf-token': undefined }, { 'x-csrf-token': 'not-the-token' }, { origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await consoleCall(t, s, 'get_all_ln_accounts', {}, headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.deepEqual(res.body, CSRF_REJECTED);
    }
    // Another session's token does not fit this session.
    const other = await signIn(t, tenant);
    assert.equal((await consoleCall(t, s, 'get_all_ln_accounts', {}, { 'x-csrf-token': other.csrf })).status, 403);
  });

  it('key headers win over a session: wrong headers with a valid cookie are refused', async () => {
    const s = await signIn(t, tenant);
    const res = await consoleCall(t, s, 'get_all_ln_accounts', {}, { 'x-api-key': tenant.apiKey, 'x-api-secret': 'wrong' });
    assert.equal(res.status, 401);
    assert.equal(res.body.message, 'Missing or invalid x-api-key / x-api-secret headers.');
  });

  it('the session acts as its key: workspace and allowed actions', async () => {
    const limited = await t.tenant({ allowedActions: ['get_all_ln_accounts'] });
    const s = await signIn(t, limited);
    assert.equal((await consoleCall(t, s, 'get_all_ln_accounts')).status, 200);
    const denied = await consoleCall(t, s, 'list_api_keys');
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, { statusCode: 403, error: 'Forbidden', code: 'ACTION_NOT_ALLOWED', message: 'This API key may not call list_api_keys.' });
    const keys = await consoleCall(t, await signIn(t, tenant), 'list_api_keys');
    assert.deepEqual(keys.body.keys.map((k: { apiKey: string }) => k.apiKey), [tenant.apiKey]);
  });

  it('a session expires after 12 hours', async () => {
    const s = await signIn(t, tenant);
    t.clock.advance(12 * 3600 * 1000 - 1);
    assert.equal((await consoleCall(t, s, 'get_all_ln_accounts')).status, 200);
    t.clock.advance(1);
    const res = await consoleCall(t, s, 'get_all_ln_accounts');
    assert.equal(res.status, 401);
    assert.deepEqual(res.body, SESSION_ENDED);
    const page = await t.app.server.inject({ method: 'GET', url: '/console/accounts', headers: { cookie: s.cookie } });
    assert.match(page.body, /<label for="apiKey">API key<\/label>/, 'an expired session gets the sign-in form');
  });

  it('signing out deletes the session; it needs the CSRF token', async () => {
    const s = await signIn(t, tenant);
    const forged = await t.app.server.inject({ method: 'POST', url: '/console/sign-out', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'csrf=wrong' });
    assert.equal(forged.statusCode, 403);
    assert.equal((await consoleCall(t, s, 'get_all_ln_accounts')).status, 200);
    const out = await t.app.server.inject({
      method: 'POST',
      url: '/console/sign-out',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80' },
      payload: new URLSearchParams({ csrf: s.csrf }).toString(),
    });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/console?reason=signed-out');
    assert.match(String(out.headers['set-cookie']), /^welink_console=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    const after = await consoleCall(t, s, 'get_all_ln_accounts');
    assert.equal(after.status, 401);
    assert.deepEqual(after.body, SESSION_ENDED);
  });

  it('signing in again in the same browser replaces its session', async () => {
    const first = await signIn(t, tenant);
    const second = await signIn(t, tenant, { cookie: first.cookie });
    assert.deepEqual((await consoleCall(t, first, 'get_all_ln_accounts')).body, SESSION_ENDED);
    assert.equal((await consoleCall(t, second, 'get_all_ln_accounts')).status, 200);
  });

  it('revoking the key ends its sessions at once (through the API, or the CLI)', async () => {
    const one = await t.tenant();
    const byApi = await signIn(t, one);
    const two = await t.tenant();
    const byCli = await signIn(t, two);
    // The key revokes itself through the console.
    const r = await consoleCall(t, byApi, 'revoke_api_key', { apiKey: one.apiKey });
    assert.equal(r.status, 200);
    assert.equal(r.body.current, true);
    assert.deepEqual((await consoleCall(t, byApi, 'get_all_ln_accounts')).body, SESSION_ENDED);
    assert.equal((await one.post('get_all_ln_accounts')).status, 401);
    await revokeKey(t.app.store.db, two.apiKey, t.clock.now());
    assert.deepEqual((await consoleCall(t, byCli, 'get_all_ln_accounts')).body, SESSION_ENDED);
  });

  it('every console page, the sign-in page and the assets carry the Content-Security-Policy', async () => {
    const s = await signIn(t, tenant);
    for (const [url, cookie] of [
      ['/console', undefined],
      ['/console/accounts', s.cookie],
      ['/console/requests/req_x', s.cookie],
      ['/console/assets/app.js', undefined],
      ['/console/assets/console.css', undefined],
    ] as const) {
      const res = await t.app.server.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-security-policy'], CSP, url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      if (!url.includes('/assets/')) {
        assert.equal(res.headers['cache-control'], 'no-store', url);
        assert.doesNotMatch(res.body, /<script>|<style|style="|\son[a-z]+=/i, `${url} has no inline script or style`);
        assert.doesNotMatch(res.body, /https?:\/\//, `${url} links nothing outside this server`);
      }
    }
    const signedIn = await t.app.server.inject({ method: 'GET', url: '/console/accounts', headers: { cookie: s.cookie } });
    assert.ok(!signedIn.body.includes(s.cookie.split('=')[1]), 'the page never holds the session token itself');
    assert.ok(!signedIn.body.includes(tenant.apiSecret));
  });
});
