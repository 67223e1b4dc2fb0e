import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import { createLogger } from '../../src/lib/logger.ts';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';

/** One log line per call, carrying both ids: the call's (rq_, reqId) and the queued request's (req_). */
forEachDialect('the request log line', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  const lines: Record<string, unknown>[] = [];
  before(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
        done();
      },
    });
    t = await testApp(env(), {}, { logger: createLogger('info', sink) });
    tenant = await t.tenant();
  });
  after(() => t.close());

  it('an accepted action logs its reqId, its requestId and its accountId on one line; get_response of it logs the same requestId', async () => {
    const accountId = await loggedInAccount(t, tenant, 'logged.calls@example.com');
    const ack = await tenant.post('visit_profile', { accountId, profile_id: 'ACoAAlogged' });
    const callId = ack.headers['x-request-id'];
    const line = lines.find((l) => l.reqId === callId);
    assert.ok(line, 'a line for the call');
    assert.deepEqual([line.msg, line.requestId, line.accountId, line.status], ['request', ack.body.requestId, accountId, 200]);
    assert.equal(lines.filter((l) => l.reqId === callId).length, 1, 'one line per call');

    const polled = await tenant.post('get_response', { request_id: ack.body.requestId });
    const pollLine = lines.find((l) => l.reqId === polled.headers['x-request-id']);
    assert.equal(pollLine?.requestId, ack.body.requestId);
  });
});
