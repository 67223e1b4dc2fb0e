import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import { testApp, type Tenant, type TestApp } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { buildTools } from '../../src/mcp/tools.ts';

const ACCEPT = 'application/json, text/event-stream';
const TOOL_NAMES = buildTools().map((t) => t.tool.name);

/** Any answer of /mcp: a JSON-RPC message (200), nothing (202), or the API's error shape (4xx); never a 5xx. */
function assertSane(res: { status: number; body: any }, sent: unknown): void {
  const what = JSON.stringify(sent).slice(0, 300);
  assert.ok(res.status < 500, `${res.status} for ${what}: ${JSON.stringify(res.body)}`);
  if (res.status >= 400) {
    assert.equal(res.body.statusCode, res.status, what);
    assert.equal(typeof res.body.code, 'string', what);
    assert.equal(typeof res.body.message, 'string', what);
    assert.doesNotMatch(JSON.stringify(res.body), /\n\s+at /, 'no stack trace');
  } else if (res.status === 200) {
    assert.equal(res.body.jsonrpc, '2.0', what);
    if (res.body.result?.isError) assert.doesNotMatch(JSON.stringify(res.body.result), /\n\s+at |INTERNAL_ERROR/, what);
  }
}

forEachDialect('mcp: hostile input on POST /mcp', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  before(async () => {
    t = await testApp(env());
    tenant = await t.tenant();
  });
  after(() => t.close());

  const post = (body: unknown) => tenant.post('/mcp', typeof body === 'string' ? body : JSON.stringify(body), { accept: ACCEPT });

  it('arbitrary JSON bodies never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (body) => assertSane(await post(body), body)),
      { numRuns: 60 },
    );
  });

  it('tools/call with any tool and any arguments answers a result or a tool error, never an internal one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TOOL_NAMES, 'no_such_tool'), fc.dictionary(fc.constantFrom('accountId', 'profile_id', 'request_id', 'id', 'email', 'password', 'timeout_seconds', 'hours', 'x'), fc.jsonValue()), async (name, args) => {
        const msg = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } };
        assertSane(await post(msg), msg);
      }),
      { numRuns: 120 },
    );
  });
});
