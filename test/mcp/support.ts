import assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { actions } from '../../src/actions/catalogue.ts';

export interface ToolAnswer {
  isError: boolean;
  /** The JSON in the tool's text content. */
  body: any;
}

/** Calls a tool and reads its JSON answer (tool errors included: they are answers, not exceptions). */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const res = await client.callTool({ name, arguments: args });
  const content = res.content as { type: string; text: string }[];
  assert.equal(content[0]?.type, 'text');
  return { isError: res.isError === true, body: JSON.parse(content[0].text) };
}

/** Succeeds or fails the test with the tool's own error. */
export async function ok(client: Client, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const r = await call(client, name, args);
  assert.equal(r.isError, false, `${name}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The journey every transport must support: list, log in with a PIN, connect, wait, a bad argument. */
export async function agentJourney(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const a of actions) assert.ok(names.includes(a.name), `a tool for ${a.name}`);
  for (const n of ['get_all_ln_accounts', 'get_ln_account_details', 'me', 'login_code', 'disconnect_account', 'get_response', 'wait_for_result']) assert.ok(names.includes(n), `a tool ${n}`);
  const tool = (n: string) => tools.find((t) => t.name === n)!;
  assert.deepEqual(tool('connect').inputSchema.required, ['accountId', 'profile_id']);
  assert.equal(tool('connect').annotations?.readOnlyHint, false);
  assert.equal(tool('connect').annotations?.destructiveHint, false);
  assert.equal(tool('get_profile_details').annotations?.readOnlyHint, true);
  for (const n of ['disconnect', 'withdraw_invite', 'disconnect_account']) assert.equal(tool(n).annotations?.destructiveHint, true, n);
  assert.equal(tool('wait_for_result').annotations?.readOnlyHint, true);

  // Log in through the PIN flow: act, then read the outcome, two calls each.
  const login = await ok(client, 'login_v2', { email: 'ada.lovelace+pin@example.com', password: 'x' });
  assert.equal(login.status, 'QUEUED');
  const pin = await ok(client, 'wait_for_result', { request_id: login.requestId, timeout_seconds: 30 });
  assert.equal(pin.state, 'PIN_REQUIRED');
  await ok(client, 'login_code', { accountId: login.accountId, requestId: login.requestId, code: '123456' });
  const logged = await ok(client, 'wait_for_result', { request_id: login.requestId, timeout_seconds: 30 });
  assert.equal(logged.finished, true);
  assert.equal(logged.state, 'SUCCESS');
  assert.equal(logged.result.first_name, 'Ada');
  const accountId = login.accountId;
  assert.deepEqual((await ok(client, 'get_all_ln_accounts')), [{ accountId, email: 'ada.lovelace+pin@example.com', status: 'ACTIVE' }]);

  const ack = await ok(client, 'connect', { accountId, profile_id: 'ACoAAmy-mcp-1', message: 'Hello from an agent' });
  const sent = await ok(client, 'wait_for_result', { request_id: ack.requestId });
  assert.equal(sent.state, 'SUCCESS');
  assert.equal(sent.event, 'CONNECTION_SENT');
  assert.deepEqual(sent.result, { connected: true, profile_id: 'ACoAAmy-mcp-1', invitation_id: sent.result.invitation_id });

  // A bad argument: the API's own validation error, as a tool error.
  const bad = await call(client, 'connect', { accountId });
  assert.equal(bad.isError, true);
  assert.deepEqual(bad.body, {
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: 'Invalid request: profile_id is required.',
    details: [{ field: 'profile_id', problem: 'is required' }],
  });
  const noId = await call(client, 'wait_for_result', { timeout_seconds: 5 });
  assert.equal(noId.isError, true);
  assert.equal(noId.body.code, 'VALIDATION_FAILED');
  assert.match(noId.body.message, /request_id is required/);
  const unknown = await call(client, 'get_response', { request_id: 'req_unknown' });
  assert.deepEqual(unknown.body, { statusCode: 404, code: 'REQUEST_NOT_FOUND', message: 'No request with this id in this workspace.' });
  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /Unknown tool "no_such_tool"/);
}
