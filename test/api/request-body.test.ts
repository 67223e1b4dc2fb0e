import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

/** `{"x":{"x":...{"x":1}...}}` with `levels` objects, built as text (JSON.stringify would recurse). */
function nestedText(levels: number): string {
  return '{"x":'.repeat(levels - 1) + '{"x":1}' + '}'.repeat(levels - 1);
}

forEachDialect('request bodies', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let accountId: string;
  before(async () => {
    t = await testApp(env(), { rateLimit: 1000 });
    tenant = await t.tenant();
    accountId = await loggedInAccount(t, tenant);
  });
  after(() => t.close());

  const post = (path: string, payload: string, headers: Record<string, string> = {}) =>
    t.app.server.inject({ method: 'POST', url: `/api/v1/${path}`, headers: { ...tenant.headers, 'content-type': 'application/json', ...headers }, payload });

  it('a body nested 5,000 levels deep with an Idempotency-Key gets 400 before any processing, and nothing is stored', async () => {
    const payload = `{"accountId":${JSON.stringify(accountId)},"profile_id":"ACoAAdeep","extra":${nestedText(5000)}}`;
    const res = await post('connect', payload, { 'idempotency-key': 'deep-1' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(JSON.parse(res.body), {
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'Invalid request: the body is nested deeper than 64 levels.',
      details: [{ field: 'body', problem: 'is nested deeper than 64 levels' }],
    });
    const stored = await t.app.store.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'deep-1').execute();
    assert.deepEqual(stored, []);
  });

  it('64 levels are accepted (and fingerprinted), 65 are refused; arrays count as levels too', async () => {
    // The body object is level 1, so `extra` may hold 63 more.
    const ok = await post('connect', `{"accountId":${JSON.stringify(accountId)},"profile_id":"ACoAAd64","extra":${nestedText(63)}}`, { 'idempotency-key': 'deep-64' });
    assert.equal(ok.statusCode, 200, ok.body);
    const replay = await post('connect', `{"profile_id":"ACoAAd64","extra":${nestedText(63)},"accountId":${JSON.stringify(accountId)}}`, { 'idempotency-key': 'deep-64' });
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const over = await post('connect', `{"accountId":${JSON.stringify(accountId)},"profile_id":"ACoAAd65","extra":${nestedText(64)}}`);
    assert.equal(over.statusCode, 400);
    assert.equal(JSON.parse(over.body).code, 'VALIDATION_FAILED');
    const arrays = await post('get_all_ln_accounts', '['.repeat(65) + ']'.repeat(65));
    assert.equal(arrays.statusCode, 400);
    assert.equal(JSON.parse(arrays.body).message, 'Invalid request: the body is nested deeper than 64 levels.');
  });

  it('text/plain and other non-JSON bodies get 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/octet-stream', 'text/json']) {
      const res = await post('get_all_ln_accounts', '{}', { 'content-type': type });
      assert.equal(res.statusCode, 415, type);
      assert.deepEqual(JSON.parse(res.body), { statusCode: 415, error: 'Unsupported Media Type', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' }, type);
    }
  });

  it('a greeting with neither profile_id nor thread_id says to give one of them', async () => {
    const res = await post('wish_birthday', JSON.stringify({ accountId, greetings_context: 'x', message: 'Happy birthday!' }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(JSON.parse(res.body), {
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'Invalid request: give profile_id or thread_id.',
      details: [
        { field: 'profile_id', problem: 'is required unless thread_id is given' },
        { field: 'thread_id', problem: 'is required unless profile_id is given' },
      ],
    });
  });

  it('every anyOf of required fields is worded the same way, next to the other problems', async () => {
    const view = await post('visit_profile', JSON.stringify({ accountId }));
    assert.equal(JSON.parse(view.body).message, 'Invalid request: give profile_id or profile_url.');
    const like = await post('like_post', JSON.stringify({}));
    const body = JSON.parse(like.body);
    assert.deepEqual(body.details, [
      { field: 'post_id', problem: 'is required unless post_url is given' },
      { field: 'post_url', problem: 'is required unless post_id is given' },
      { field: 'accountId', problem: 'is required' },
    ]);
    assert.equal(body.message, 'Invalid request: give post_id or post_url; accountId is required.');
    const company = await post('get_company_details', JSON.stringify({ accountId }));
    assert.equal(JSON.parse(company.body).message, 'Invalid request: give company_id, company_url or universal_name.');
    assert.deepEqual(JSON.parse(company.body).details[0], { field: 'company_id', problem: 'is required unless company_url or universal_name is given' });
  });
  it('a nullable value that fails its schema names only that failure, not "must be null" at every level', async () => {
    const res = await post('update_account_settings', JSON.stringify({ accountId, budgets: { invitations: { daily: -1 } } }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(JSON.parse(res.body), {
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: 'Invalid request: budgets.invitations.daily must be >= 0.',
      details: [{ field: 'budgets.invitations.daily', problem: 'must be >= 0' }],
    });
    const text = await post('update_account_settings', JSON.stringify({ accountId, budgets: { invitations: 'many' } }));
    assert.equal(JSON.parse(text.body).message, 'Invalid request: budgets.invitations must be object.');
    const unknown = await post('update_account_settings', JSON.stringify({ accountId, budgets: { invitations: { yearly: 5 } } }));
    assert.equal(JSON.parse(unknown.body).message, 'Invalid request: budgets.invitations must NOT have additional properties.');
  });
});
