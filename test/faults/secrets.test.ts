import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, it } from 'node:test';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { documentedOperations } from '../helpers/openapi.ts';

/** A value that cannot occur in a log by accident. */
const unique = (label: string) => `${label}-${randomBytes(9).toString('base64url')}`;

forEachDialect('secrets never reach the logs (LOG_LEVEL=debug)', (env) => {
  const lines: string[] = [];
  const secrets: Record<string, string> = {};
  let app: App;
  let linkedin: Server;
  const seenByLinkedin: string[] = [];

  before(async () => {
    // A stand-in for LinkedIn that refuses every session: connect_account_cookies runs its whole
    // path (HTTP call with the cookies, refusal, error answer) without the internet.
    linkedin = createServer((req, res) => {
      seenByLinkedin.push(String(req.headers.cookie ?? ''));
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"status":401}');
    });
    await new Promise<void>((r) => linkedin.listen(0, '127.0.0.1', r));
    secrets.masterKey = randomBytes(32).toString('base64');
    const config = loadConfig(
      {},
      {
        databaseUrl: env().databaseUrl,
        dataDir: env().dataDir,
        pacing: 'off',
        logLevel: 'debug',
        authCacheMs: 0,
        webhookAllowPrivate: true,
        masterKey: secrets.masterKey,
        linkedinBaseUrl: `http://127.0.0.1:${(linkedin.address() as { port: number }).port}`,
      },
    );
    const logger = createLogger('debug', { write: (s: string) => void lines.push(s) });
    app = await createApp({ config, clock: new ManualClock(), random: seededRandom(7), logger });
    await app.server.ready();
  });
  after(async () => {
    await app.close();
    await new Promise((r) => linkedin.close(r));
  });

  it('a run touching every kind of secret, including its error paths, leaves none of them in the logs', async () => {
    const now = Date.now();
    const sandbox = await createKey(app.store.db, { name: 'secrets', now });
    const live = await createKey(app.store.db, { name: 'secrets-live', mode: 'live', now });
    if ('error' in sandbox || 'error' in live) throw new Error('key creation failed');
    secrets.apiSecret = sandbox.apiSecret;
    secrets.liveApiSecret = live.apiSecret;
    const call = async (path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': sandbox.apiKey, 'x-api-secret': sandbox.apiSecret }) => {
      const res = await app.server.inject({ method: 'POST', url: `/api/v1/${path}`, headers: { 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: res.statusCode, body: JSON.parse(res.body) };
    };

    // API secret: right, wrong, on an unknown key, duplicated.
    assert.equal((await call('get_all_ln_accounts', {})).status, 200);
    secrets.wrongSecret = unique('wrong-secret');
    assert.equal((await call('get_all_ln_accounts', {}, { 'x-api-key': sandbox.apiKey, 'x-api-secret': secrets.wrongSecret })).status, 401);
    assert.equal((await call('get_all_ln_accounts', {}, { 'x-api-key': 'wl_key_nobody', 'x-api-secret': secrets.wrongSecret })).status, 401);
    const dup = await app.server.inject({
      method: 'POST',
      url: '/api/v1/get_all_ln_accounts',
      headers: { 'content-type': 'application/json', 'x-api-key': sandbox.apiKey, 'x-api-secret': [sandbox.apiSecret, sandbox.apiSecret] as unknown as string },
      payload: '{}',
    });
    assert.equal(dup.statusCode, 401);

    // login_v2: password and proxy password, accepted and run; then a validation error and malformed JSON carrying a password.
    secrets.password = unique('pw');
    secrets.proxyPassword = unique('proxy-pw');
    const login = await call('login_v2', { email: 'ada.lovelace@example.com', password: secrets.password, proxy: { host: '127.0.0.1', port: 9, username: 'u', password: secrets.proxyPassword } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    secrets.invalidPassword = unique('pw-invalid');
    assert.equal((await call('login_v2', { email: 'not-an-email', password: secrets.invalidPassword, extra: { password: secrets.invalidPassword } })).status, 400);
    secrets.brokenJsonPassword = unique('pw-json');
    assert.equal((await call('login_v2', `{"email":"a@b.c","password":"${secrets.brokenJsonPassword}",}`)).status, 400);
    secrets.tooLongPassword = unique('pw-long') + 'x'.repeat(2000);
    assert.equal((await call('login_v2', { email: 'a@b.c', password: secrets.tooLongPassword })).status, 400);

    // A login that asks for a PIN, then a wrong PIN through login_code.
    const pinLogin = await call('login_v2', { email: 'pin.user+pin@example.com', password: unique('pw-pin') });
    assert.equal(pinLogin.status, 200);
    await app.engine.drain();
    secrets.pin = unique('pin').slice(0, 32);
    const code = await call('login_code', { accountId: pinLogin.body.accountId, request_id: pinLogin.body.requestId, code: secrets.pin });
    assert.equal(code.status, 200, JSON.stringify(code.body));
    await app.engine.drain();
    secrets.pinOnWrongAccount = unique('pin2').slice(0, 32);
    assert.equal((await call('login_code', { accountId: 'acc_nobody', request_id: 'req_nobody', code: secrets.pinOnWrongAccount })).status, 404);

    // Session cookies (live workspace): checked against "LinkedIn", which refuses them.
    const ops = await documentedOperations(app.server);
    assert.ok(ops.some((o) => o.operationId === 'connect_account_cookies'), 'the OpenAPI document has connect_account_cookies');
    {
      secrets.liAt = unique('AQEDAR-li_at');
      secrets.jsession = unique('ajax');
      const res = await call('connect_account_cookies', { email: 'live@example.com', li_at: secrets.liAt, JSESSIONID: `"${secrets.jsession}"`, user_agent: 'Mozilla/5.0 (secrets test)' }, { 'x-api-key': live.apiKey, 'x-api-secret': live.apiSecret });
      assert.ok(res.status >= 400 && res.status !== 500, `connect_account_cookies: ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(seenByLinkedin.some((c) => c.includes(secrets.liAt)), 'the cookies did reach the (local) LinkedIn, so the logging path was exercised');
      secrets.badCookie = unique('AQEDAR-short');
      assert.equal((await call('connect_account_cookies', { li_at: secrets.badCookie, JSESSIONID: 1 }, { 'x-api-key': live.apiKey, 'x-api-secret': live.apiSecret })).status, 400);
    }

    // Webhook signing secrets.
    const create = ops.find((o) => o.operationId === 'create_webhook');
    assert.ok(create, 'the OpenAPI document has create_webhook');
    {
      const res = await call(create.path.replace('/api/v1/', ''), { ...(create.example as object), url: 'http://127.0.0.1:9/hook' });
      assert.ok(res.status < 300, `create_webhook: ${res.status} ${JSON.stringify(res.body)}`);
      const found = JSON.stringify(res.body).match(/whsec_[A-Za-z0-9+/=_-]+/);
      assert.ok(found, 'create_webhook shows the signing secret once');
      secrets.webhookSecret = found[0];
      await app.dispatcher.runDue();
    }

    await app.engine.drain();
    const text = lines.join('');
    assert.ok(lines.length > 20, `debug logging captured lines (${lines.length})`);
    assert.ok(/"level":20/.test(text), 'debug lines are present');
    for (const [name, value] of Object.entries(secrets)) {
      assert.ok(!text.includes(value), `the ${name} appears in the logs: ${lines.find((l) => l.includes(value))?.slice(0, 400)}`);
    }
  });
});
