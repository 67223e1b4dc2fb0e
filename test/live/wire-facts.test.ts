import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderError } from '../../src/actions/outcome.ts';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { harness, seededFakePerTest } from '../helpers/live-harness.ts';
import { ADA, BOB, CAROL, DAN } from '../helpers/live-world.ts';

/**
 * One test per row of the table in section 8 of voyager.md ("Wrong or outdated in the provider
 * today"): the provider sends what the newest captures show, and the fake, which accepts only its
 * own facts (fake-linkedin/facts.ts), answers it.
 */
let fake: FakeLinkedIn;
seededFakePerTest((f) => (fake = f));

const query = (search: string) => /queryId=([^&]+)/.exec(search)?.[1];
const variables = (search: string) => /variables=(\([^&]*\))/.exec(search)?.[1] ?? '';

describe('voyager.md §8, row by row', () => {
  it('profile posts: voyagerFeedDashProfileUpdates.be2623b61657a92a693eb8d9c67aeec0 with (count,start,profileUrn)', async () => {
    const { provider, ctx } = harness(fake);
    const r = (await provider.run.get_profile_posts(ctx(), { profile_id: BOB, count: 5 })) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.result.posts.map((p: any) => p.post_id), ['urn:li:activity:7300000000000000001']);
    const call = fake.calls(/voyagerFeedDashProfileUpdates/).at(-1)!;
    assert.equal(query(call.search), 'voyagerFeedDashProfileUpdates.be2623b61657a92a693eb8d9c67aeec0');
    assert.equal(variables(call.search), `(count:5,start:0,profileUrn:urn%3Ali%3Afsd_profile%3A${BOB})`);
  });

  it('thread messages: messengerMessages.d8ea7688… anchored on a time, (deliveredAt,conversationUrn,countBefore,countAfter), paged back, oldest first', async () => {
    const { provider, ctx, clock } = harness(fake);
    // 45 messages from Bob after his first: three pages of LinkedIn's 20.
    for (let n = 1; n <= 45; n++) fake.state.receive(BOB, ADA, `message ${n}`, clock.now() - (46 - n) * 60_000);
    const r = (await provider.run.personal_messages(ctx(), { thread_id: '2-adabob' })) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.result.messages.length, 46);
    assert.deepEqual(r.result.messages.slice(0, 2).map((m: any) => m.text), ['Hello Ada!', 'message 1']);
    assert.equal(r.result.messages.at(-1).text, 'message 45');
    const calls = fake.calls(/messengerMessages/);
    assert.equal(calls.length, 3);
    for (const c of calls) {
      assert.equal(query(c.search), 'messengerMessages.d8ea76885a52fd5dc5c317078ab7c977');
      assert.match(variables(c.search), /^\(deliveredAt:\d+,conversationUrn:urn%3Ali%3Amsg_conversation%3A%28urn%3Ali%3Afsd_profile%3A[^,]+%2C2-adabob%29,countBefore:20,countAfter:0\)$/);
    }
    // The old query id is one LinkedIn answered 400 to in a 2026-09 probe: so does the fake.
    const old = harness(fake, { queryIds: { messengerMessages: 'messengerMessages.5846eeb71c981f11e0134cb6626cc314' } });
    assert.equal(((await old.provider.run.personal_messages(old.ctx(), { thread_id: '2-adabob' })) as any).code, 'ENDPOINT_GONE');
  });

  it('contact details: voyagerIdentityDashProfiles.13618f88… with (memberIdentity,count); the light 2ca312bd… refuses memberIdentity', async () => {
    const { provider, ctx } = harness(fake);
    const r = (await provider.run.get_profile_contact_details(ctx(), { profile_id: BOB })) as any;
    assert.equal(r.result.email, 'bob-builder@mail.example');
    const call = fake.calls(/voyagerIdentityDashProfiles/).at(-1)!;
    assert.equal(query(call.search), 'voyagerIdentityDashProfiles.13618f886ce95bf503079f49245fbd6f');
    assert.equal(variables(call.search), `(memberIdentity:${BOB},count:1)`);
    const old = harness(fake, { queryIds: { identityProfiles: 'voyagerIdentityDashProfiles.2ca312bdbe80fac72fd663a3e06a83e7' } });
    assert.equal(((await old.provider.run.get_profile_contact_details(old.ctx(), { profile_id: BOB })) as any).code, 'ENDPOINT_GONE');
  });

  it('comment verification: through the post comment list when its query id is known, else OUTCOME_UNKNOWN without a call (no invented id)', async () => {
    const post = 'urn:li:activity:7300000000000000001';
    const { provider, ctx } = harness(fake);
    const before = fake.calls().length;
    await assert.rejects(provider.verify.comment_post(ctx(), { post_id: post, message: 'x' }), (e: unknown) => e instanceof ProviderError && e.code === 'OUTCOME_UNKNOWN' && !e.retryable && /import-har/.test(e.message));
    assert.equal(fake.calls().length, before);
    // An operator imported the id from a HAR: the fake serves it (a made-up hash: none is public).
    fake.queries.push({ family: 'voyagerSocialDashComments', hash: 'abcdefabcdefabcdefabcdefabcdef01', required: ['socialDetailUrn'], optional: ['count', 'start', 'sortOrder'], path: 'graphql', answers: 'comments', source: 'this test' });
    const known = harness(fake, { queryIds: { socialComments: 'voyagerSocialDashComments.abcdefabcdefabcdefabcdefabcdef01' } });
    const c = known.ctx();
    assert.deepEqual(await known.provider.verify.comment_post(c, { post_id: post, message: 'Nice' }), { happened: false });
    const done = (await known.provider.run.comment_post(c, { post_id: post, message: 'Nice' })) as any;
    assert.deepEqual(await known.provider.verify.comment_post(c, { post_id: post, message: 'Nice' }), { happened: true, result: done.result });
  });

  it('remove connection: relationships/dash/memberRelationships?action=removeFromMyConnections with {connectionUrn}', async () => {
    const { provider, ctx } = harness(fake);
    const r = (await provider.run.disconnect(ctx(), { profile_id: BOB })) as any;
    assert.deepEqual(r.result, { disconnected: true, profile_id: BOB });
    assert.equal(fake.state.connectedAt(ADA, BOB), undefined);
    const call = fake.calls(/removeFromMyConnections/)[0];
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/voyager/api/relationships/dash/memberRelationships');
    assert.match(call.search, /^\?action=removeFromMyConnections&decorationId=com\.linkedin\.voyager\.dash\.deco\.relationships\.MemberRelationship-34$/);
    assert.deepEqual(JSON.parse(call.body), { connectionUrn: `urn:li:fsd_connection:${BOB}` });
    assert.equal(fake.calls(/identity\/profiles\//).length, 0, 'nothing on the retired legacy tree');
  });

  it('endorse: NOT_SUPPORTED, and no call to the retired legacy paths', async () => {
    const { provider, ctx } = harness(fake);
    const r = (await provider.run.endorse(ctx(), { profile_id: BOB })) as any;
    assert.equal(r.code, 'NOT_SUPPORTED');
    assert.equal(fake.calls().length, 0);
  });

  it('message dedup flag: false, together with a 16-byte trackingId', async () => {
    const { provider, ctx } = harness(fake);
    await provider.run.send_message_to_thread(ctx(), { thread_id: '2-adabob', message: 'Hi' });
    const body = JSON.parse(fake.calls(/createMessage/)[0].body);
    assert.equal(body.dedupeByClientGeneratedToken, false);
    assert.equal(Buffer.from(body.trackingId, 'latin1').length, 16);
  });

  it('inbox paging: the first page (sync token, no cursor), then the category query before the oldest seen', async () => {
    const { provider, ctx, clock } = harness(fake);
    const others = Array.from({ length: 44 }, (_, n) => fake.state.addMember({ id: `ACoAAOther${String(n).padStart(29, '0')}`, firstName: `Other${n}`, lastName: 'Person' }).id);
    others.forEach((id, n) => fake.state.receive(id, ADA, `hi ${n}`, clock.now() - (n + 1) * 3600_000));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = (await provider.run.personal_message_threads(ctx(), { count: 20, ...(cursor ? { cursor } : {}) })) as any;
      assert.equal(r.ok, true, JSON.stringify(r));
      seen.push(...r.result.threads.map((t: any) => t.thread_id));
      cursor = r.result.next_cursor ?? undefined;
      if (!cursor) break;
    }
    assert.equal(seen.length, 45);
    assert.equal(new Set(seen).size, 45);
    const calls = fake.calls(/messengerConversations/);
    assert.equal(query(calls[0].search), 'messengerConversations.0d5e6781bbee71c3e51c8843c6519f48');
    assert.equal(variables(calls[0].search), `(mailboxUrn:urn%3Ali%3Afsd_profile%3A${ADA})`);
    for (const c of calls.slice(1)) {
      assert.equal(query(c.search), 'messengerConversations.9501074288a12f3ae9e3c7ea243bccbf');
      assert.match(variables(c.search), /^\(query:\(predicateUnions:List\(\(conversationCategoryPredicate:\(category:PRIMARY_INBOX\)\)\)\),count:20,mailboxUrn:urn%3Ali%3Afsd_profile%3A[^,]+,lastUpdatedBefore:\d+\)$/);
    }
  });

  it('inbox paging: a category page that gives a cursor is followed by its cursor', async () => {
    const { provider, ctx } = harness(fake);
    // A later page read with a LinkedIn cursor (as one given by a category answer).
    const cursor = Buffer.from(JSON.stringify({ c: 'cursor-0', o: 0 })).toString('base64url');
    const r = (await provider.run.personal_message_threads(ctx(), { cursor })) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.match(variables(fake.calls(/messengerConversations/).at(-1)!.search), /,nextCursor:cursor-0\)$/);
  });

  it('profile views: insightCards[].value[…].cards[].value[WvmpProfileViewCard].viewer…miniProfile', async () => {
    const { provider, ctx } = harness(fake);
    fake.views.push({ viewer: CAROL, viewee: ADA, at: Date.UTC(2026, 0, 4) }, { viewer: DAN, viewee: ADA, at: Date.UTC(2026, 0, 3) });
    fake.privateViews = 1;
    const r = (await provider.run.profile_views(ctx(), {})) as any;
    assert.equal(r.result.total, 3, 'two named viewers and one in private mode');
    assert.deepEqual(r.result.data.map((v: any) => [v.profile_id, v.full_name, v.public_identifier, v.title, v.time]), [
      [CAROL, 'Carol Danvers', 'carol-danvers', 'Pilot at Air', Date.UTC(2026, 0, 4)],
      [DAN, 'Dan Brown', 'dan-brown', 'Writer', Date.UTC(2026, 0, 3)],
    ]);
  });

  for (const key of ['connection', 'connectedMember', 'connected'] as const) {
    it(`relationship on a profile: the key "${key}" means a 1st-degree connection`, async () => {
      fake.relationshipKey = key;
      const { provider, ctx } = harness(fake);
      const r = (await provider.run.get_profile_details(ctx(), { profile_id: BOB })) as any;
      assert.equal(r.result.connection_status, 'ALREADY_CONNECTED');
      assert.equal(r.result.degree, 1);
      assert.equal(r.result.connected_at, Date.UTC(2025, 5, 1));
    });
  }

  it('people search: voyagerSearchDashClusters.e438ab99… (the 2026-09 hash)', async () => {
    const { provider, ctx } = harness(fake);
    assert.equal(((await provider.run.search_people(ctx(), { keywords: 'carol' })) as any).result.results[0].profile_id, CAROL);
    assert.equal(query(fake.calls(/voyagerSearchDashClusters/)[0].search), 'voyagerSearchDashClusters.e438ab99259203e9c1cd3f358e217282');
  });
});
