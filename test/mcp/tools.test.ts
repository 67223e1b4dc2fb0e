import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { EXCLUDED_OPERATIONS } from '../../src/mcp/tools.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { documentedOperations } from '../helpers/openapi.ts';
import { startServer, type RunningServer } from '../sdk/server.ts';
import { call, ok } from './support.ts';

/**
 * The MCP tools are the API's operations (issue 15): every operation the served OpenAPI document
 * lists is a tool, or is excluded on purpose, so an operation added later cannot be forgotten.
 */
forEachDialect('mcp: a tool for every operation', (env) => {
  let server: RunningServer;
  let client: Client;
  before(async () => {
    server = await startServer(env());
    const creds = await server.tenant();
    client = new Client({ name: 'welink-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { 'x-api-key': creds.apiKey, 'x-api-secret': creds.apiSecret } } }));
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('every operation of the OpenAPI document is a tool or on the commented exclusion list, and the list names real operations', async () => {
    const documented = (await documentedOperations(server.app.server)).map((o) => o.operationId);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    const missing = documented.filter((name) => !tools.includes(name) && !(name in EXCLUDED_OPERATIONS));
    assert.deepEqual(missing, [], 'operations with neither a tool nor a reason to have none');
    for (const name of Object.keys(EXCLUDED_OPERATIONS)) {
      assert.ok(documented.includes(name), `excluded ${name} is not an operation any more`);
      assert.ok(!tools.includes(name), `excluded ${name} is a tool`);
    }
    // Nothing but operations and wait_for_result.
    assert.deepEqual(tools.filter((t) => !documented.includes(t)), ['wait_for_result']);
    for (const name of ['pause_account', 'resume_account', 'create_connect_link', 'list_requests', 'list_events', 'get_request_timeline', 'get_account_queue', 'list_ln_account_details']) {
      assert.ok(tools.includes(name), `a tool ${name}`);
    }
  });

  it("each tool's hints follow its operation's declared effect", async () => {
    const { tools } = await client.listTools();
    const hints = (name: string) => {
      const a = tools.find((t) => t.name === name)?.annotations;
      assert.ok(a, `a tool ${name}`);
      return { readOnly: a.readOnlyHint, destructive: a.destructiveHint, idempotent: a.idempotentHint };
    };
    for (const read of ['list_requests', 'list_events', 'get_request_timeline', 'get_account_queue', 'list_ln_account_details', 'get_response', 'list_webhooks', 'list_api_keys']) {
      assert.deepEqual(hints(read), { readOnly: true, destructive: false, idempotent: true }, read);
    }
    for (const gone of ['disconnect_account', 'delete_webhook', 'revoke_api_key', 'disconnect', 'withdraw_invite']) assert.equal(hints(gone).destructive, true, gone);
    for (const setting of ['pause_account', 'resume_account', 'update_account_settings', 'cancel_request']) {
      assert.deepEqual(hints(setting), { readOnly: false, destructive: false, idempotent: true }, setting);
    }
    assert.deepEqual(hints('create_connect_link'), { readOnly: false, destructive: false, idempotent: false });
  });

  it('an agent pauses an account and resumes it: the queued action waits, then runs', async () => {
    const login = await ok(client, 'login_v2', { email: 'grace.hopper@example.com', password: 'x' });
    assert.equal((await ok(client, 'wait_for_result', { request_id: login.requestId, timeout_seconds: 30 })).state, 'SUCCESS');
    const accountId = login.accountId;

    assert.deepEqual(await ok(client, 'pause_account', { accountId }), { accountId, status: 'PAUSED', statusReason: 'PAUSED_BY_OWNER' });
    const again = await call(client, 'pause_account', { accountId });
    assert.equal(again.isError, true);
    assert.equal(again.body.code, 'ACCOUNT_STATE_CONFLICT');

    const ack = await ok(client, 'visit_profile', { accountId, profile_id: 'ACoAAmy-mcp-pause' });
    const queue = await ok(client, 'get_account_queue', { accountId });
    assert.ok(JSON.stringify(queue).includes(ack.requestId), `the paused account's queue holds the request: ${JSON.stringify(queue)}`);
    assert.equal((await ok(client, 'get_response', { request_id: ack.requestId })).state, 'QUEUED');

    assert.deepEqual(await ok(client, 'resume_account', { accountId }), { accountId, status: 'ACTIVE', statusReason: null });
    const done = await ok(client, 'wait_for_result', { request_id: ack.requestId, timeout_seconds: 60 });
    assert.equal(done.state, 'SUCCESS', JSON.stringify(done));
  });
});
