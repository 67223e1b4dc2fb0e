import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { allOperations } from '../../src/api/operations.ts';
import { revokeKey } from '../../src/tenancy/keys.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { testApp, type TestApp, type Tenant } from '../helpers/app.ts';

const UNAUTHORIZED = { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHORIZED', message: 'Missing or invalid x-api-key / x-api-secret headers.' };

function urlOf(path: string): string {
  return path.replace(/:([a-z_]+)/gi, 'x_$1');
}

forEachDialect('authentication matrix', (env) => {
  let t: TestApp;
  let good: Tenant;
  let revoked: Tenant;
  let restricted: Tenant;
  let ipRestricted: Tenant;
  before(async () => {
    t = await testApp(env());
    good = await t.tenant();
    revoked = await t.tenant();
    await revokeKey(t.app.store.db, revoked.apiKey, t.clock.now());
    restricted = await t.tenant({ allowedActions: ['get_response'] });
    ipRestricted = await t.tenant({ allowedIps: ['10.9.8.0/24'] });
  });
  after(() => t.close());

  const call = (method: string, url: string, headers: Record<string, string>) =>
    t.app.server.inject({ method: method as 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: method === 'GET' ? undefined : '{}' });

  it('every /api/v1 operation refuses missing, unknown, wrong and revoked credentials with the same 401 body', async () => {
    for (const op of allOperations()) {
      const url = urlOf(op.path);
      const variants: Record<string, Record<string, string>> = {
        none: {},
        keyOnly: { 'x-api-key': good.apiKey },
        secretOnly: { 'x-api-secret': good.apiSecret },
        unknownKey: { 'x-api-key': 'wl_key_unknown', 'x-api-secret': good.apiSecret },
        wrongSecret: { 'x-api-key': good.apiKey, 'x-api-secret': good.apiSecret + 'x' },
        otherSecret: { 'x-api-key': good.apiKey, 'x-api-secret': revoked.apiSecret },
        revoked: revoked.headers,
        empty: { 'x-api-key': '', 'x-api-secret': '' },
      };
      for (const [name, headers] of Object.entries(variants)) {
        const res = await call(op.method, url, headers);
        assert.equal(res.statusCode, 401, `${op.name} ${name}`);
        assert.deepEqual(JSON.parse(res.body), UNAUTHORIZED, `${op.name} ${name}`);
      }
    }
  });

  it('a key restricted to some actions gets 403 on the others, and the IP allow-list is enforced', async () => {
    for (const op of allOperations()) {
      const url = urlOf(op.path);
      const res = await call(op.method, url, restricted.headers);
      if (op.name === 'get_response') {
        assert.notEqual(res.statusCode, 403);
        continue;
      }
      assert.equal(res.statusCode, 403, op.name);
      assert.deepEqual(JSON.parse(res.body), {
        statusCode: 403,
        error: 'Forbidden',
        code: 'ACTION_NOT_ALLOWED',
        message: `This API key may not call ${op.name}.`,
      });
      const ip = await call(op.method, url, ipRestricted.headers);
      assert.equal(ip.statusCode, 403, op.name);
      assert.deepEqual(JSON.parse(ip.body), { statusCode: 403, error: 'Forbidden', code: 'IP_NOT_ALLOWED', message: 'This API key may not be used from this address.' });
    }
  });

  it('good credentials pass (listing accounts: 200 and an empty list)', async () => {
    const res = await good.post('get_all_ln_accounts', {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, []);
  });

  it('duplicated credential headers are refused', async () => {
    const res = await t.app.server.inject({
      method: 'POST',
      url: '/api/v1/get_all_ln_accounts',
      headers: { 'content-type': 'application/json', 'x-api-key': [good.apiKey, good.apiKey] as any, 'x-api-secret': good.apiSecret },
      payload: '{}',
    });
    assert.equal(res.statusCode, 401);
  });
});
