import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { harness, seededFakePerTest } from '../helpers/live-harness.ts';
import { ADA, BOB, CAROL, DAN, ERIN } from '../helpers/live-world.ts';

/**
 * The live provider's sync reads (src/actions/sync-contract.ts), which the engine's paced sync
 * calls: new inbound messages and new connections since an instant, against the fake's inbox and
 * invitations.
 */
let fake: FakeLinkedIn;
seededFakePerTest((f) => (fake = f));

const MIN = 60_000;

describe('inboxSince', () => {
  it('answers the messages others sent after `since`, oldest first, in the MESSAGE_RECEIVED shape; not ours, not older ones', async () => {
    const { provider, ctx, clock } = harness(fake);
    const since = clock.now() - 60 * MIN;
    fake.state.receive(BOB, ADA, 'before the sync window', since - MIN);
    const a = fake.state.receive(BOB, ADA, 'Thanks, sounds interesting!', since + 10 * MIN);
    const b = fake.state.receive(CAROL, ADA, 'Hello from Carol', since + 20 * MIN);
    const c = fake.state.receive(BOB, ADA, 'And one more thing', since + 30 * MIN);
    // Ada's own message after Bob's: the thread's latest is hers, Bob's replies still count.
    fake.state.messages.push({ id: '2-mine', threadId: a.threadId, sender: ADA, text: 'ok', deliveredAt: since + 40 * MIN, originToken: 't', subtype: null });
    fake.state.conversations.find((x) => x.threadId === a.threadId)!.lastActivityAt = since + 40 * MIN;

    const r = (await provider.sync.inboxSince(ctx(), since)) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.result.items, [
      { thread_id: '2-adabob', message_id: a.id, profile_id: BOB, first_name: 'Bob', last_name: 'Builder', full_name: 'Bob Builder', text: 'Thanks, sounds interesting!', sent_at: since + 10 * MIN },
      { thread_id: b.threadId, message_id: b.id, profile_id: CAROL, first_name: 'Carol', last_name: 'Danvers', full_name: 'Carol Danvers', text: 'Hello from Carol', sent_at: since + 20 * MIN },
      { thread_id: '2-adabob', message_id: c.id, profile_id: BOB, first_name: 'Bob', last_name: 'Builder', full_name: 'Bob Builder', text: 'And one more thing', sent_at: since + 30 * MIN },
    ]);
    assert.equal(r.result.complete, true);
    assert.equal(r.result.through, since + 40 * MIN, "LinkedIn's newest activity seen, never our clock");
    // The list, then one read per changed conversation.
    assert.equal(fake.calls(/messengerConversations/).length, 1);
    assert.equal(fake.calls(/messengerMessages/).length, 2);

    // The next sync from `through` finds nothing new, after one call.
    const before = fake.calls().length;
    const next = (await provider.sync.inboxSince(ctx(), r.result.through)) as any;
    assert.deepEqual(next.result, { items: [], through: r.result.through, complete: true });
    assert.equal(fake.calls().length - before, 1);
  });

  it('stays within its call bound: `through` stops at the last conversation read, the next sync carries on from there', async () => {
    const { provider, ctx, clock } = harness(fake);
    const since = clock.now() - 600 * MIN;
    const senders = [BOB, CAROL, DAN, ERIN];
    senders.forEach((id, n) => fake.state.receive(id, ADA, `message ${n}`, since + (n + 1) * MIN));
    const first = (await provider.sync.inboxSince(ctx(), since, { maxCalls: 3 })) as any;
    assert.deepEqual(first.result.items.map((m: any) => m.text), ['message 0', 'message 1']);
    assert.equal(first.result.complete, false);
    assert.equal(first.result.through, since + 2 * MIN);
    const rest = (await provider.sync.inboxSince(ctx(), first.result.through, { maxCalls: 3 })) as any;
    assert.deepEqual(rest.result.items.map((m: any) => m.text), ['message 2', 'message 3']);
    assert.equal(rest.result.complete, true);
  });

  it('pages the conversation list while every conversation on it changed', async () => {
    const { provider, ctx, clock } = harness(fake);
    const since = clock.now() - 1000 * MIN;
    for (let n = 0; n < 25; n++) {
      const id = fake.state.addMember({ id: `ACoAAPen${String(n).padStart(31, '0')}`, firstName: `Pen${n}`, lastName: 'Pal' }).id;
      fake.state.receive(id, ADA, `note ${n}`, since + (n + 1) * MIN);
    }
    const r = (await provider.sync.inboxSince(ctx(), since, { maxCalls: 40 })) as any;
    assert.equal(r.result.items.length, 25);
    assert.equal(r.result.complete, true);
    const lists = fake.calls(/messengerConversations/);
    assert.equal(lists.length, 2);
    assert.match(lists[1].search, /9501074288a12f3ae9e3c7ea243bccbf.*lastUpdatedBefore/);
  });

  it('a dead session pauses and a throttled account holds, exactly as for actions', async () => {
    const { provider, ctx } = harness(fake);
    const c = ctx();
    fake.state.sessions.get(c.account.secrets.cookies!.li_at)!.expired = true;
    const dead = (await provider.sync.inboxSince(c, 0)) as any;
    assert.deepEqual({ code: dead.code, pauseAccount: dead.pauseAccount }, { code: 'SESSION_EXPIRED', pauseAccount: true });
    fake.failNext(/messengerConversations/, { status: 429, body: { status: 429 } });
    const held = (await provider.sync.inboxSince(ctx(), 0)) as any;
    assert.deepEqual({ code: held.code, accountHold: held.accountHold }, { code: 'RATE_LIMITED', accountHold: 'THROTTLED' });
    assert.equal(fake.calls(/messengerMessages/).length, 0);
  });
});

describe('acceptedSince', () => {
  it('answers the connections made after `since`, oldest first, in the CONNECTION_ACCEPTED shape', async () => {
    const { provider, ctx, clock } = harness(fake);
    const since = clock.now() - 60 * MIN;
    fake.state.acceptInvitation('501', since + 5 * MIN); // Dan accepts Ada's invitation
    fake.state.connect(ADA, CAROL, since + 15 * MIN);
    const r = (await provider.sync.acceptedSince(ctx(), since)) as any;
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(r.result.items, [
      { profile_id: DAN, first_name: 'Dan', last_name: 'Brown', full_name: 'Dan Brown', headline: 'Writer', public_identifier: 'dan-brown', profile_url: 'https://www.linkedin.com/in/dan-brown', connected_at: since + 5 * MIN, invitation_id: null },
      {
        profile_id: CAROL,
        first_name: 'Carol',
        last_name: 'Danvers',
        full_name: 'Carol Danvers',
        headline: 'Pilot at Air',
        public_identifier: 'carol-danvers',
        profile_url: 'https://www.linkedin.com/in/carol-danvers',
        connected_at: since + 15 * MIN,
        invitation_id: null,
      },
    ]);
    assert.equal(r.result.through, since + 15 * MIN);
    assert.equal(r.result.complete, true);
    assert.equal(fake.calls().length, 1, 'Bob (connected long before) ends the list on the first page');
    const again = (await provider.sync.acceptedSince(ctx(), r.result.through)) as any;
    assert.deepEqual(again.result, { items: [], through: r.result.through, complete: true });
  });

  it('pages by 40 within its bound', async () => {
    const { provider, ctx, clock } = harness(fake);
    const since = clock.now() - 1000 * MIN;
    for (let n = 0; n < 90; n++) {
      const id = fake.state.addMember({ id: `ACoAAFriend${String(n).padStart(28, '0')}`, firstName: `Friend${n}`, lastName: 'One' }).id;
      fake.state.connect(ADA, id, since + (n + 1) * MIN);
    }
    const bounded = (await provider.sync.acceptedSince(ctx(), since, { maxCalls: 2 })) as any;
    assert.equal(bounded.result.items.length, 80);
    assert.equal(bounded.result.complete, false);
    const all = (await provider.sync.acceptedSince(ctx(), since)) as any;
    assert.equal(all.result.items.length, 90);
    assert.equal(all.result.complete, true);
    assert.equal(all.result.through, since + 90 * MIN);
  });
});
