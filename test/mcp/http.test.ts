import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { forEachDialect } from '../helpers/dialects.ts';
import { startServer, type Credentials, type RunningServer } from '../sdk/server.ts';
import { agentJourney, call, ok } from './support.ts';

async function connectClient(url: string, creds: Credentials): Promise<Client> {
  const client = new Client({ name: 'welink-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret } } }));
  return client;
}

async function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) {
  const res = await fetch(`${url}/mcp`, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  return { status: res.status, body: await res.json() };
}

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

forEachDialect('mcp: Streamable HTTP on POST /mcp', (env) => {
  let server: RunningServer;
  let creds: Credentials;
  let client: Client;
  before(async () => {
    server = await startServer(env());
    creds = await server.tenant();
    client = await connectClient(server.url, creds);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('lists the tools, logs in with a PIN, connects, waits for results, answers a bad argument clearly', async () => {
    await agentJourney(client);
  });

  it('authenticates with the API headers, and answers every refusal in the API error shape', async () => {
    const unauthorized = { statusCode: 401, error: 'Unauthorized', code: 'UNAUTHORIZED', message: 'Missing or invalid x-api-key / x-api-secret headers.' };
    assert.deepEqual(await raw(server.url, { headers: MCP_HEADERS, body: INIT }), { status: 401, body: unauthorized });
    assert.deepEqual(await raw(server.url, { headers: { ...MCP_HEADERS, 'x-api-key': creds.apiKey, 'x-api-secret': 'wl_secret_wrong' }, body: INIT }), { status: 401, body: unauthorized });
    await assert.rejects(connectClient(server.url, { ...creds, apiSecret: 'wl_secret_wrong' }));

    const auth = { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret };
    const notAcceptable = await raw(server.url, { headers: { ...auth, 'content-type': 'application/json', accept: 'application/json' }, body: INIT });
    assert.equal(notAcceptable.status, 406);
    assert.equal(notAcceptable.body.code, 'NOT_ACCEPTABLE');
    const notJsonRpc = await raw(server.url, { headers: { ...auth, ...MCP_HEADERS }, body: '{"hello":"world"}' });
    assert.equal(notJsonRpc.status, 400);
    assert.deepEqual(Object.keys(notJsonRpc.body), ['statusCode', 'error', 'code', 'message']);
    assert.equal(notJsonRpc.body.code, 'VALIDATION_FAILED');
    const notJson = await raw(server.url, { headers: { ...auth, ...MCP_HEADERS }, body: '{"jsonrpc":' });
    assert.deepEqual(notJson, { status: 400, body: { statusCode: 400, error: 'Bad Request', code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } });
    const get = await raw(server.url, { method: 'GET', headers: auth });
    assert.equal(get.status, 405);
    assert.equal(get.body.code, 'METHOD_NOT_ALLOWED');
  });

  it("keeps tenants apart, and lists only the tools a restricted key may call", async () => {
    const accountId = (await ok(client, 'get_all_ln_accounts'))[0].accountId;
    const stranger = await connectClient(server.url, await server.tenant());
    try {
      assert.deepEqual(await ok(stranger, 'get_all_ln_accounts'), []);
      const foreign = await call(stranger, 'get_ln_account_details', { accountId });
      assert.deepEqual(foreign, { isError: true, body: { statusCode: 404, code: 'ACCOUNT_NOT_FOUND', message: 'No LinkedIn account with this accountId in this workspace.' } });
    } finally {
      await stranger.close();
    }
    const restricted = await connectClient(server.url, await server.tenant({ allowedActions: ['get_all_ln_accounts', 'connect', 'get_response'] }));
    try {
      const names = (await restricted.listTools()).tools.map((t) => t.name).sort();
      assert.deepEqual(names, ['connect', 'get_all_ln_accounts', 'get_response', 'wait_for_result']);
    } finally {
      await restricted.close();
    }
  });

  it('takes REST path parameters from the arguments, and says when one is missing', async () => {
    const accountId = (await ok(client, 'get_all_ln_accounts'))[0].accountId;
    const ack = await ok(client, 'visit_profile', { accountId, profile_id: 'ACoAAmy-mcp-4' });
    assert.equal((await ok(client, 'get_request', { id: ack.requestId })).action, 'visit_profile');
    assert.deepEqual(await call(client, 'get_request', {}), {
      isError: true,
      body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid request: id is required.', details: [{ field: 'id', problem: 'is required' }] },
    });
  });

  it('reports a request still queued at the deadline as unfinished', async () => {
    // "+expire1": the session expires after one action, so the second waits for a new login.
    const login = await ok(client, 'login_v2', { email: 'grace.hopper+expire1@example.com', password: 'x' });
    assert.equal((await ok(client, 'wait_for_result', { request_id: login.requestId, timeout_seconds: 30 })).state, 'SUCCESS');
    const first = await ok(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-2' });
    assert.equal((await ok(client, 'wait_for_result', { request_id: first.requestId, timeout_seconds: 30 })).state, 'SUCCESS');
    const second = await ok(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-3' });
    const waited = await ok(client, 'wait_for_result', { request_id: second.requestId, timeout_seconds: 1 });
    assert.equal(waited.finished, false);
    assert.equal(waited.state, 'QUEUED');
    assert.match(waited.note, /call wait_for_result again/);
  });
});

forEachDialect('mcp: the rate limits are the API\'s', (env) => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(env(), { rateLimit: 2 });
  });
  after(() => server.close());

  it('an action over the account\'s hourly limit is a RATE_LIMITED tool error with retryAt', async () => {
    const client = await connectClient(server.url, await server.tenant());
    try {
      const login = await ok(client, 'login_v2', { email: 'ada.lovelace@example.com', password: 'x' });
      // The login does not count toward the hourly limit; the visits do.
      await ok(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-1' });
      await ok(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-2' });
      const refused = await call(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-3' });
      assert.equal(refused.isError, true);
      assert.equal(refused.body.statusCode, 429);
      assert.equal(refused.body.code, 'RATE_LIMITED');
      assert.ok(Date.parse(refused.body.retryAt) > Date.now());
    } finally {
      await client.close();
    }
  });
});

describe('mcp: shutting the server down', () => {
  it('ends a running wait_for_result with a tool error instead of holding the shutdown', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'welink-mcp-close-'));
    const server = await startServer({ dialect: 'sqlite', databaseUrl: '', dataDir });
    try {
      const client = await connectClient(server.url, await server.tenant());
      const login = await ok(client, 'login_v2', { email: 'grace.hopper+expire1@example.com', password: 'x' });
      await ok(client, 'wait_for_result', { request_id: login.requestId, timeout_seconds: 30 });
      const first = await ok(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-5' });
      await ok(client, 'wait_for_result', { request_id: first.requestId, timeout_seconds: 30 });
      const stuck = await ok(client, 'visit_profile', { accountId: login.accountId, profile_id: 'ACoAAmy-mcp-6' });
      // The wait is under way once its first get_response poll has been authenticated (after /mcp's own check).
      const auth = server.app.services.authenticator;
      const authenticate = auth.authenticate.bind(auth);
      let checks = 0;
      const polling = new Promise<void>((resolve) => {
        auth.authenticate = (key, secret) => (++checks === 2 && resolve(), authenticate(key, secret));
      });
      const waiting = call(client, 'wait_for_result', { request_id: stuck.requestId, timeout_seconds: 300 });
      await polling;
      await server.close();
      const answer = await waiting;
      assert.equal(answer.isError, true);
      assert.equal(answer.body.code, 'SERVICE_UNAVAILABLE', JSON.stringify(answer.body));
      assert.equal(answer.body.statusCode, 503);
      await client.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
