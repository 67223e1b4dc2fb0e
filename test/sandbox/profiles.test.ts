import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp, Tenant } from '../helpers/app.ts';
import { forEachDialect } from '../helpers/dialects.ts';
import { account, assertEvent, fails, HOUR, ok, run, sandboxApp } from '../helpers/sandbox.ts';
import { byDegree, firstConnection, world } from '../helpers/sandbox-world.ts';

forEachDialect('sandbox: profiles, posts, search and companies', (env) => {
  let t: TestApp;
  let tenant: Tenant;
  let acc: string;
  const email = 'katherine.johnson@example.com';
  before(async () => {
    t = await sandboxApp(env());
    tenant = await t.tenant();
    acc = await account(t, tenant, email);
  });
  after(() => t.close());

  it('get_profile_details by URL or id (PROFILE_DATA), with degree and connection status', async () => {
    const p = byDegree(email, 2);
    const r = await run(t, tenant, 'get_profile_details', { accountId: acc, profile_url: `${p.profile_url}/?trk=x` });
    await assertEvent(t, r.requestId, 'PROFILE_DATA', r.res.body.result);
    const d = r.res.body.result;
    assert.deepEqual([d.profile_id, d.full_name, d.headline, d.degree, d.connection_status, d.location], [p.profile_id, p.full_name, p.headline, 2, 'NOT_CONNECTED', p.location.name]);
    assert.ok(Array.isArray(d.skills) && d.experience.length === 1);
    const byId = await ok(t, tenant, 'get_profile_details', { accountId: acc, profile_id: firstConnection(email).profile_id });
    assert.equal(byId.degree, 1);
    assert.equal(byId.connection_status, 'ALREADY_CONNECTED');
    const f = await fails(t, tenant, 'get_profile_details', { accountId: acc, profile_url: 'https://www.linkedin.com/in/not-found-anna' }, 'PROFILE_NOT_FOUND');
    assert.equal(f.event, 'PROFILE_DATA_FAILED');
    assert.equal(f.message, 'Profile not found');
    await fails(t, tenant, 'get_profile_details', { accountId: acc, profile_url: 'https://example.com/in/x' }, 'PROFILE_NOT_FOUND');
  });

  it('get_profile_contact_details shows email and phone to connections only', async () => {
    const c = firstConnection(email, 1);
    const r = await run(t, tenant, 'get_profile_contact_details', { accountId: acc, profile_id: c.profile_id });
    await assertEvent(t, r.requestId, 'CONTACT_DETAILS');
    assert.equal(r.res.body.result.email, c.contact.email);
    assert.deepEqual(r.res.body.result.birthday, c.birthday);
    const stranger = await ok(t, tenant, 'get_profile_contact_details', { accountId: acc, profile_url: byDegree(email, 2).profile_url });
    assert.equal(stranger.email, null);
    assert.equal(stranger.birthday, null);
    await fails(t, tenant, 'get_profile_contact_details', { accountId: acc, profile_id: 'not-found-2' }, 'PROFILE_NOT_FOUND');
  });

  it('visit_profile (PROFILE_VIEWED); over the daily view budget it waits (DAILY_PROFILE_VIEW_LIMIT)', async () => {
    const p = byDegree(email, 2, 1);
    const r = await run(t, tenant, 'visit_profile', { accountId: acc, profile_url: p.profile_url });
    assert.deepEqual(r.res.body.result, { viewed: true, profile_id: p.profile_id, public_identifier: p.public_identifier });
    await assertEvent(t, r.requestId, 'PROFILE_VIEWED');
    await fails(t, tenant, 'visit_profile', { accountId: acc, profile_id: 'not-found-3' }, 'PROFILE_NOT_FOUND');

    const now = t.clock.now();
    await t.app.store.db
      .insertInto('sandbox_effects')
      .values(Array.from({ length: 100 }, (_, i) => ({ id: `sfx_view${i}`, workspace_id: tenant.workspaceId, account_id: acc, request_id: null, kind: 'profile_view', target: `v${i}`, payload: '{}', created_at: now - HOUR + i })))
      .execute();
    const waiting = await run(t, tenant, 'visit_profile', { accountId: acc, profile_id: byDegree(email, 2, 2).profile_id });
    assert.equal(waiting.res.body.state, 'QUEUED');
    assert.equal((await tenant.get(`/api/v1/requests/${waiting.requestId}`)).body.waitingFor.code, 'DAILY_PROFILE_VIEW_LIMIT');
    // LinkedIn said no to profile views: every view of the account waits for the budget, even one of a
    // test profile (which the sandbox's budget does not count), and the account's other actions go on.
    const alsoWaiting = await run(t, tenant, 'visit_profile', { accountId: acc, profile_id: 'ACoAAview-free' });
    assert.equal(alsoWaiting.res.body.state, 'QUEUED');
    assert.equal(alsoWaiting.res.body.waitingFor.code, 'DAILY_PROFILE_VIEW_LIMIT');
    await ok(t, tenant, 'get_company_details', { accountId: acc, company_id: world().companies[0].company_id });
    t.clock.advance(24 * HOUR);
    await t.app.engine.drain();
    assert.equal((await tenant.post('get_response', { request_id: waiting.requestId })).body.status, 'SUCCESS');
    assert.equal((await tenant.post('get_response', { request_id: alsoWaiting.requestId })).body.status, 'SUCCESS');
  });

  /** `n` counted profile views of `accountId` within the last hour, as if it had visited n world members. */
  const seedViews = async (accountId: string, n: number, tag: string) => {
    const now = t.clock.now();
    await t.app.store.db
      .insertInto('sandbox_effects')
      .values(Array.from({ length: n }, (_, i) => ({ id: `sfx_${tag}${i}`, workspace_id: tenant.workspaceId, account_id: accountId, request_id: null, kind: 'profile_view', target: `${tag}${i}`, payload: '{}', created_at: now - HOUR + i })))
      .execute();
  };

  // The budgets docs/sandbox.md documents (LinkedIn's own, roughly): 100 profile views a day on a
  // free account, 250 on a premium one. Each is checked on both sides of the limit.
  for (const [kind, email, limit] of [
    ['free', 'view.budget.free@example.com', 100],
    ['premium', 'view.budget+premium@example.com', 250],
  ] as const) {
    it(`a ${kind} account's daily profile-view budget is exactly ${limit}: view ${limit} runs, view ${limit + 1} waits`, async () => {
      const a = await account(t, tenant, email);
      await seedViews(a, limit - 1, `${kind}view`);
      const last = await run(t, tenant, 'visit_profile', { accountId: a, profile_id: byDegree(email, 2, 0).profile_id });
      assert.equal(last.res.body.status, 'SUCCESS', `view ${limit}: ${JSON.stringify(last.res.body)}`);
      const over = await run(t, tenant, 'visit_profile', { accountId: a, profile_id: byDegree(email, 2, 1).profile_id });
      assert.equal(over.res.body.state, 'QUEUED', `view ${limit + 1}: ${JSON.stringify(over.res.body)}`);
      assert.equal((await tenant.get(`/api/v1/requests/${over.requestId}`)).body.waitingFor.code, 'DAILY_PROFILE_VIEW_LIMIT');
    });
  }

  it('messages beyond the daily budget wait (DAILY_MESSAGE_LIMIT)', async () => {
    const now = t.clock.now();
    await t.app.store.db
      .insertInto('sandbox_effects')
      .values(Array.from({ length: 150 }, (_, i) => ({ id: `sfx_msg${i}`, workspace_id: tenant.workspaceId, account_id: acc, request_id: null, kind: 'message', target: `m${i}`, payload: '{}', created_at: now - HOUR + i })))
      .execute();
    const waiting = await run(t, tenant, 'send_message_to_profile_id', { accountId: acc, profile_id: firstConnection(email, 4).profile_id, message: 'x' });
    assert.equal(waiting.res.body.state, 'QUEUED');
    assert.equal((await tenant.get(`/api/v1/requests/${waiting.requestId}`)).body.waitingFor.code, 'DAILY_MESSAGE_LIMIT');
    t.clock.advance(24 * HOUR);
    await t.app.engine.drain();
    assert.equal((await tenant.post('get_response', { request_id: waiting.requestId })).body.status, 'SUCCESS');
  });

  it('endorse a connection (SKILLS_ENDORSED); NOT_CONNECTED and NO_SKILLS_TO_ENDORSE otherwise', async () => {
    const c = firstConnection(email, 6);
    const r = await run(t, tenant, 'endorse', { accountId: acc, profile_id: c.profile_id });
    assert.equal(r.res.body.result.endorsed, true);
    assert.deepEqual(r.res.body.result.skills, c.skills.slice(0, 3));
    await assertEvent(t, r.requestId, 'SKILLS_ENDORSED');
    for (let i = 3; i < c.skills.length; i += 3) await ok(t, tenant, 'endorse', { accountId: acc, profile_id: c.profile_id });
    await fails(t, tenant, 'endorse', { accountId: acc, profile_id: c.profile_id }, 'NO_SKILLS_TO_ENDORSE');
    await fails(t, tenant, 'endorse', { accountId: acc, profile_id: byDegree(email, 2).profile_id }, 'NOT_CONNECTED');
    await fails(t, tenant, 'endorse', { accountId: acc, profile_id: 'not-found-1' }, 'PROFILE_NOT_FOUND');
  });

  it('follow_profile (PROFILE_FOLLOWED); a second follow fails ALREADY_FOLLOWING', async () => {
    const p = byDegree(email, 3);
    const r = await run(t, tenant, 'follow_profile', { accountId: acc, profile_url: p.profile_url });
    assert.deepEqual(r.res.body.result, { followed: true, profile_id: p.profile_id });
    await assertEvent(t, r.requestId, 'PROFILE_FOLLOWED');
    await fails(t, tenant, 'follow_profile', { accountId: acc, profile_id: p.profile_id }, 'ALREADY_FOLLOWING');
    await fails(t, tenant, 'follow_profile', { accountId: acc, profile_id: 'not-found-1' }, 'PROFILE_NOT_FOUND');
  });

  it('profile_views lists recent viewers (PROFILE_VIEWS_FETCHED)', async () => {
    const r = await run(t, tenant, 'profile_views', { accountId: acc });
    await assertEvent(t, r.requestId, 'PROFILE_VIEWS_FETCHED');
    const v = r.res.body.result;
    assert.equal(v.total, v.data.length);
    assert.ok(v.total > 0);
    for (const k of ['full_name', 'first_name', 'last_name', 'public_identifier', 'profile_id', 'image', 'title', 'company', 'time']) assert.ok(k in v.data[0], k);
  });

  it('get_profile_posts pages with a cursor (POSTS_FETCHED); like_post and comment_post (POST_LIKED, POST_COMMENTED)', async () => {
    const w = world();
    const author = w.profiles.find((p) => w.postsOf(p.profile_id).length >= 3)!;
    const r = await run(t, tenant, 'get_profile_posts', { accountId: acc, profile_id: author.profile_id, count: 2 });
    await assertEvent(t, r.requestId, 'POSTS_FETCHED');
    const page = r.res.body.result;
    assert.equal(page.posts.length, 2);
    assert.ok(page.next_cursor);
    const next = await ok(t, tenant, 'get_profile_posts', { accountId: acc, profile_url: author.profile_url, count: 2, cursor: page.next_cursor });
    assert.notEqual(next.posts[0].post_id, page.posts[0].post_id);
    await fails(t, tenant, 'get_profile_posts', { accountId: acc, profile_id: 'not-found-1' }, 'PROFILE_NOT_FOUND');
    await fails(t, tenant, 'get_profile_posts', { accountId: acc, profile_id: author.profile_id, cursor: '***' }, 'INVALID_CURSOR');

    const post = page.posts[0];
    const like = await run(t, tenant, 'like_post', { accountId: acc, post_url: post.url, reaction: 'PRAISE' });
    assert.deepEqual(like.res.body.result, { liked: true, post_id: post.post_id, reaction: 'PRAISE' });
    await assertEvent(t, like.requestId, 'POST_LIKED');
    await fails(t, tenant, 'like_post', { accountId: acc, post_id: 'urn:li:activity:1' }, 'POST_NOT_FOUND');
    const c = await run(t, tenant, 'comment_post', { accountId: acc, post_id: post.post_id, message: 'Well said' });
    assert.equal(c.res.body.result.commented, true);
    assert.match(c.res.body.result.comment_id, /^urn:li:comment:/);
    await assertEvent(t, c.requestId, 'POST_COMMENTED');
    await fails(t, tenant, 'comment_post', { accountId: acc, post_url: 'https://www.linkedin.com/feed/update/x', message: 'x' }, 'POST_NOT_FOUND');
  });

  it('search_people filters by keywords, network, company and location, pages, and caps at 1,000 (SEARCH_COMPLETED)', async () => {
    const r = await run(t, tenant, 'search_people', { accountId: acc, network: ['S'], count: 50 });
    await assertEvent(t, r.requestId, 'SEARCH_COMPLETED');
    const s = r.res.body.result;
    assert.equal(s.total, 1000, 'capped');
    assert.equal(s.results.length, 50);
    assert.ok(s.results.every((x: any) => x.degree === 2));
    assert.equal(s.next_start, 50);
    const end = await ok(t, tenant, 'search_people', { accountId: acc, network: [2], start: 1000 });
    assert.deepEqual([end.results.length, end.next_start], [0, null]);
    const last = await ok(t, tenant, 'search_people', { accountId: acc, network: ['S'], start: 990, count: 50 });
    assert.deepEqual([last.results.length, last.next_start], [10, null]);

    const target = byDegree(email, 2, 4);
    const narrow = await ok(t, tenant, 'search_people', { accountId: acc, keywords: target.last_name, company: target.company.name, location: target.location.country_code });
    assert.ok(narrow.results.some((x: any) => x.profile_id === target.profile_id));
    assert.ok(narrow.results.every((x: any) => x.company.name === target.company.name && x.location.endsWith(target.location.country)));
    const none = await ok(t, tenant, 'search_people', { accountId: acc, keywords: 'zzzzqqq' });
    assert.deepEqual(none, { total: 0, results: [], start: 0, next_start: null });
  });

  it('get_company_details by id, URL or slug (COMPANY_DATA); COMPANY_NOT_FOUND otherwise', async () => {
    const c = world().companies[0];
    const r = await run(t, tenant, 'get_company_details', { accountId: acc, company_url: c.url });
    await assertEvent(t, r.requestId, 'COMPANY_DATA');
    assert.deepEqual([r.res.body.result.company_id, r.res.body.result.name, r.res.body.result.headquarters], [c.company_id, c.name, c.headquarters.name]);
    assert.equal((await ok(t, tenant, 'get_company_details', { accountId: acc, company_id: c.company_id })).name, c.name);
    assert.equal((await ok(t, tenant, 'get_company_details', { accountId: acc, universal_name: c.universal_name })).name, c.name);
    await fails(t, tenant, 'get_company_details', { accountId: acc, universal_name: 'no-such-company-x' }, 'COMPANY_NOT_FOUND');
  });
});
