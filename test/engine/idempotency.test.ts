import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { canonicalJson } from '../../src/engine/canonical-json.ts';
import { fingerprint } from '../../src/lib/secrets.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';

forEachDialect('Idempotency-Key', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let accountId: string;
  before(async () => {
    t = await testApp(env(), { rateLimit: 1000, masterKey: randomBytes(32).toString('base64') });
    tenant = await t.tenant();
    accountId = await loggedInAccount(t, tenant);
  });
  after(() => t.close());

  it('50 parallel identical calls with one key create one request', async () => {
    const body = { accountId, profile_id: 'ACoAAidem', message: 'hello' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => tenant.post('connect', body, { 'idempotency-key': 'key-50' })));
    assert.ok(answers.every((a) => a.status === 200));
    const ids = new Set(answers.map((a) => a.body.requestId));
    assert.equal(ids.size, 1);
    assert.equal(answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length, 49);
    const rows = await t.app.store.db.selectFrom('requests').select('id').where('account_id', '=', accountId).where('action', '=', 'connect').execute();
    assert.equal(rows.length, 1);
  });

  it('the same key with another body gets 422 and stores nothing', async () => {
    const first = await tenant.post('connect', { accountId, profile_id: 'ACoAAa' }, { 'idempotency-key': 'key-422' });
    assert.equal(first.status, 200);
    const second = await tenant.post('connect', { accountId, profile_id: 'ACoAAb' }, { 'idempotency-key': 'key-422' });
    assert.equal(second.status, 422);
    assert.deepEqual(second.body, {
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This Idempotency-Key was already used with a different request.',
    });
  });

  it('key order in the body does not matter; keys expire after 24 hours', async () => {
    const a = await tenant.post('connect', { accountId, profile_id: 'ACoAAc', message: 'm' }, { 'idempotency-key': 'key-order' });
    const b = await tenant.post('connect', { message: 'm', profile_id: 'ACoAAc', accountId }, { 'idempotency-key': 'key-order' });
    assert.equal(b.body.requestId, a.body.requestId);
    t.clock.advance(24 * 3600 * 1000 + 1);
    const c = await tenant.post('connect', { accountId, profile_id: 'ACoAAc', message: 'm' }, { 'idempotency-key': 'key-order' });
    assert.equal(c.status, 200);
    assert.notEqual(c.body.requestId, a.body.requestId);
  });

  it('keys are per workspace', async () => {
    const other = await t.tenant();
    const otherAccount = await loggedInAccount(t, other, 'grace.hopper@example.com');
    const mine = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAw' }, { 'idempotency-key': 'shared-key' });
    const theirs = await other.post('visit_profile', { accountId: otherAccount, profile_id: 'ACoAAw' }, { 'idempotency-key': 'shared-key' });
    assert.equal(theirs.status, 200);
    assert.notEqual(theirs.body.requestId, mine.body.requestId);
  });

  it('rejects a malformed key', async () => {
    const res = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAw' }, { 'idempotency-key': 'x'.repeat(300) });
    assert.equal(res.status, 400);
    assert.equal(res.body.details[0].field, 'Idempotency-Key');
  });

  it('a login password enters the stored fingerprint only through a MAC keyed by the master key', async () => {
    const body = { email: 'fingerprint.me@example.com', password: `pw-${randomBytes(6).toString('hex')}` };
    const first = await tenant.post('login_v2', body, { 'idempotency-key': 'login-fp' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const stored = async (ws: string) =>
      (await t.app.store.db.selectFrom('idempotency_keys').select('fingerprint').where('workspace_id', '=', ws).where('key', '=', 'login-fp').executeTakeFirstOrThrow()).fingerprint;
    const mine = await stored(tenant.workspaceId);
    assert.ok(!mine.includes(body.password));
    // A plain hash of the request would let anyone holding the table test password guesses offline.
    assert.notEqual(mine, fingerprint(`login_v2\n${canonicalJson(body)}`));

    // The password still counts: the same body replays, another password is another request.
    const replay = await tenant.post('login_v2', body, { 'idempotency-key': 'login-fp' });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.body.requestId, first.body.requestId);
    assert.equal((await tenant.post('login_v2', { ...body, password: 'another' }, { 'idempotency-key': 'login-fp' })).status, 422);

    // Keyed by the master key: a server with another key stores another fingerprint for the same body.
    const other = await testApp(env(), { rateLimit: 1000, masterKey: randomBytes(32).toString('base64') });
    try {
      const theirs = await other.tenant();
      assert.equal((await theirs.post('login_v2', body, { 'idempotency-key': 'login-fp' })).status, 200);
      assert.notEqual(await stored(theirs.workspaceId), mine);
    } finally {
      await other.close();
    }
  });
});
