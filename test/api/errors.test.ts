import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('one error shape', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  const raw = (opts: { method?: string; url?: string; body?: string | Buffer; headers?: Record<string, string> }) =>
    t.app.server.inject({
      method: (opts.method ?? 'POST') as 'POST',
      url: opts.url ?? '/api/v1/get_all_ln_accounts',
      headers: { ...tenant.headers, 'content-type': 'application/json', ...(opts.headers ?? {}) },
      payload: opts.body,
    });

  it('malformed JSON: 400 INVALID_JSON', async () => {
    for (const body of ['{', '{"a":}', 'nul', '\u0000', '{"a":1}}']) {
      const res = await raw({ body });
      assert.equal(res.statusCode, 400, body);
      assert.deepEqual(JSON.parse(res.body), { statusCode: 400, error: 'Bad Request', code: 'INVALID_JSON', message: 'The request body is not valid JSON.' });
    }
  });

  it('body over 1 MiB: 413', async () => {
    const res = await raw({ body: JSON.stringify({ x: 'a'.repeat(1024 * 1024 + 10) }) });
    assert.equal(res.statusCode, 413);
    assert.deepEqual(JSON.parse(res.body), { statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MiB.' });
  });

  it('unknown route: 404; wrong method: 405 with Allow', async () => {
    const nf = await raw({ url: '/api/v1/no_such_thing' });
    assert.equal(nf.statusCode, 404);
    assert.deepEqual(JSON.parse(nf.body), { statusCode: 404, error: 'Not Found', code: 'ROUTE_NOT_FOUND', message: 'There is no endpoint POST /api/v1/no_such_thing.' });
    const wm = await raw({ method: 'GET', body: undefined });
    assert.equal(wm.statusCode, 405);
    assert.equal(wm.headers.allow, 'POST');
    assert.deepEqual(JSON.parse(wm.body), { statusCode: 405, error: 'Method Not Allowed', code: 'METHOD_NOT_ALLOWED', message: 'GET is not allowed here; use POST.' });
    const del = await raw({ method: 'DELETE', url: '/api/v1/requests/abc', body: undefined });
    assert.equal(del.statusCode, 405);
  });

  it('wrong content type: 415', async () => {
    const res = await raw({ body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 415);
    assert.deepEqual(JSON.parse(res.body), { statusCode: 415, error: 'Unsupported Media Type', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' });
  });

  it('an empty body counts as {}', async () => {
    const res = await raw({ body: '' });
    assert.equal(res.statusCode, 200);
  });

  it('every response carries a request id', async () => {
    const res = await raw({ url: '/api/v1/nothing' });
    assert.match(String(res.headers['x-request-id']), /^rq_/);
  });

  it('health and readiness', async () => {
    const h = await t.app.server.inject({ method: 'GET', url: '/healthz' });
    assert.equal(h.statusCode, 200);
    const r = await t.app.server.inject({ method: 'GET', url: '/readyz' });
    assert.equal(r.statusCode, 200);
    assert.equal(JSON.parse(r.body).database, env().dialect);
  });

  it('the OpenAPI document lists every operation with an example and both auth headers', async () => {
    const res = await t.app.server.inject({ method: 'GET', url: '/openapi.json' });
    const doc = JSON.parse(res.body);
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(doc.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The API key (wl_key_...).' });
    assert.equal(doc.components.securitySchemes.apiSecret.name, 'x-api-secret');
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const ok = op.responses['200'] ?? op.responses['201'];
        const hasExample = op.requestBody?.content['application/json'].example !== undefined || ok?.content?.['application/json']?.example !== undefined;
        assert.ok(hasExample, `${method} ${path} has an example`);
        assert.ok(op.responses['401'], `${method} ${path} documents 401`);
      }
    }
  });
});
