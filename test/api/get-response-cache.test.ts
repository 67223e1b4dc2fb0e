import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { loggedInAccount, testApp, type TestApp, type Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';

const DAY = 86400000;

/**
 * get_response keeps the answers of finished requests in memory: those answers must be exactly the
 * store's, for their own workspace only, never for a request that can still change, and gone once
 * the retention may have purged the request.
 */
forEachDialect('get_response of finished requests, kept in memory', (env) => {
  let t: TestApp;
  let owner: Tenant;
  let stranger: Tenant;
  let accountId: string;
  before(async () => {
    t = await testApp(env(), { retentionDays: 30, rateLimit: 1000 });
    owner = await t.tenant();
    stranger = await t.tenant();
    accountId = await loggedInAccount(t, owner, 'cached.answers@example.com');
  });
  after(() => t.close());

  const kept = () => t.app.services.finishedResponses.size;

  it('a queued request is read from the store each time: QUEUED, then SUCCESS once it ran, then the same answer kept', async () => {
    const ack = await owner.post('visit_profile', { accountId, profile_id: 'ACoAAcachedvisit' });
    assert.equal(ack.status, 200);
    const id = ack.body.requestId;
    const before = kept();

    const queued = await owner.post('get_response', { request_id: id });
    assert.equal(queued.status, 200);
    assert.deepEqual([queued.body.state, queued.body.status], ['QUEUED', 'QUEUED']);
    assert.equal(kept(), before, 'a queued answer is not kept');
    assert.equal((await owner.post('get_response', { request_id: id })).body.state, 'QUEUED');

    await t.app.engine.drain();
    const done = await owner.post('get_response', { request_id: id });
    assert.equal(done.status, 200);
    assert.deepEqual([done.body.state, done.body.status, done.body.requestId, done.body.accountId], ['SUCCESS', 'SUCCESS', id, accountId]);
    assert.equal(done.body.message, null);
    assert.equal(typeof done.body.result, 'object');
    assert.equal(kept(), before + 1, 'the finished answer is kept');

    const again = await owner.post('get_response', { requestId: id });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, done.body, 'the kept answer is the store answer');
    assert.equal(again.headers['content-type'], done.headers['content-type']);
    assert.match(String(again.headers['x-request-id']), /^rq_/);
    assert.notEqual(again.headers['x-request-id'], done.headers['x-request-id']);
  });

  it('another workspace asking for a kept request gets the same 404 as for an id that does not exist', async () => {
    const ack = await owner.post('visit_profile', { accountId, profile_id: 'ACoAAprivatevisit' });
    await t.app.engine.drain();
    const id = ack.body.requestId;
    assert.equal((await owner.post('get_response', { request_id: id })).body.state, 'SUCCESS');
    assert.equal((await owner.post('get_response', { request_id: id })).body.state, 'SUCCESS');

    const theirs = await stranger.post('get_response', { request_id: id });
    const unknown = await stranger.post('get_response', { request_id: 'req_01doesnotexist000000000000' });
    assert.equal(theirs.status, 404);
    assert.deepEqual(theirs.body, unknown.body);
    assert.equal(theirs.body.code, 'REQUEST_NOT_FOUND');
    // And the owner's kept answer is not disturbed by the stranger's miss.
    assert.equal((await owner.post('get_response', { request_id: id })).body.state, 'SUCCESS');
  });

  it('a cancelled request is kept with its cancellation', async () => {
    const ack = await owner.post('visit_profile', { accountId, profile_id: 'ACoAAtobecancelled' });
    const id = ack.body.requestId;
    const cancelled = await owner.post('cancel_request', { request_id: id });
    assert.equal(cancelled.status, 200);
    const first = await owner.post('get_response', { request_id: id });
    const second = await owner.post('get_response', { request_id: id });
    assert.deepEqual([first.body.state, first.body.event], ['CANCELLED', 'REQUEST_CANCELLED']);
    assert.deepEqual(second.body, first.body);
    assert.deepEqual(first.body, cancelled.body, 'the same envelope cancel_request answered');
  });

  it('a kept answer goes once the retention may have purged its request: the purged request is not found', async () => {
    const ack = await owner.post('visit_profile', { accountId, profile_id: 'ACoAAoldvisit' });
    await t.app.engine.drain();
    const id = ack.body.requestId;
    assert.equal((await owner.post('get_response', { request_id: id })).body.state, 'SUCCESS');
    t.clock.advance(31 * DAY);
    await t.app.engine.purge();
    const gone = await owner.post('get_response', { request_id: id });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'REQUEST_NOT_FOUND');
  });
});
