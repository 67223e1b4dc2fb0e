import type { Outcome } from '../../types.ts';
import { graphqlField, imageUrl, text, type Json } from '../envelope.ts';
import { fail, type Fail } from '../errors.ts';
import { cannotVerify, type Live, type Run, type Verify } from '../live.ts';
import { myProfileId, readProfile } from '../profiles.ts';
import { conversationUrn, originToken, profileIdOf, profileUrn, restli, threadIdOf, trackingId } from '../restli.ts';
import type { Session } from '../session.ts';

interface SendInput {
  profile_id?: string;
  thread_id?: string;
  message: string;
}

interface Sent {
  thread_id: string;
  message_id: string;
  sent_at: number;
}

const DEGREE: Record<string, number | null> = { SELF: 0, DISTANCE_1: 1, DISTANCE_2: 2, DISTANCE_3: 3, OUT_OF_NETWORK: null };

/**
 * Messages over the current messaging API: sends through `createMessage` with an `originToken`
 * derived from the request id (a retried send carries the same token; LinkedIn deduplicates on it),
 * reads through the messaging GraphQL (`messengerConversations`, `messengerMessages`).
 */
export function messagingHandlers(live: Live) {
  const { q } = live;

  async function createMessage(s: Session, me: string, to: { profileId?: string; threadId?: string; subtype?: 'INMAIL' }, body: string): Promise<Outcome<Sent>> {
    const message: Record<string, unknown> = { body: { attributes: [], text: body }, renderContentUnions: [], originToken: originToken(s.ctx.requestId) };
    if (to.threadId) message.conversationUrn = conversationUrn(me, to.threadId);
    if (to.subtype) message.messageSubtype = to.subtype;
    const payload: Record<string, unknown> = {
      message,
      mailboxUrn: profileUrn(me),
      trackingId: trackingId(s.ctx.requestId),
      // [U] beeper sends false; the name says true makes LinkedIn drop a second send with the same originToken.
      dedupeByClientGeneratedToken: true,
    };
    if (!to.threadId && to.profileId) payload.hostRecipientUrns = [profileUrn(to.profileId)];
    const r = await s.call({ path: 'voyagerMessagingDashMessengerMessages?action=createMessage', body: payload, messaging: true, notFound: to.threadId ? 'THREAD_NOT_FOUND' : 'PROFILE_NOT_FOUND' });
    if (!r.ok) return r.fail;
    const v = r.data?.value ?? r.data?.data?.value ?? {};
    if (!v.conversationUrn && !v.entityUrn) return fail('LINKEDIN_ERROR', 'LinkedIn answered the send without a message.');
    return { ok: true, result: { thread_id: threadIdOf(v.conversationUrn ?? v.backendConversationUrn), message_id: threadIdOf(v.entityUrn), sent_at: typeof v.deliveredAt === 'number' ? v.deliveredAt : s.ctx.now } };
  }

  async function conversations(s: Session, me: string, cursor?: string): Promise<{ ok: true; elements: Json[]; nextCursor: string | null } | { ok: false; fail: Fail }> {
    const vars = restli({ mailboxUrn: profileUrn(me), ...(cursor ? { nextCursor: cursor } : {}) });
    const r = await s.call({ path: `voyagerMessagingGraphQL/graphql?queryId=${q.messengerConversations}&variables=${vars}`, graphql: true, messaging: true });
    if (!r.ok) return r;
    const coll = graphqlField(r.json, /^messengerConversations/);
    return { ok: true, elements: Array.isArray(coll?.elements) ? coll.elements : [], nextCursor: coll?.metadata?.nextCursor ?? null };
  }

  async function messages(s: Session, convUrn: string): Promise<{ ok: true; elements: Json[] } | { ok: false; fail: Fail }> {
    const r = await s.call({ path: `voyagerMessagingGraphQL/graphql?queryId=${q.messengerMessages}&variables=${restli({ conversationUrn: convUrn })}`, graphql: true, messaging: true, notFound: 'THREAD_NOT_FOUND' });
    if (!r.ok) return r;
    const coll = graphqlField(r.json, /^messengerMessages/);
    return { ok: true, elements: Array.isArray(coll?.elements) ? coll.elements : [] };
  }

  const sentResult = (m: Json): Sent => ({ thread_id: threadIdOf(m.conversation?.entityUrn ?? m.conversationUrn), message_id: threadIdOf(m.entityUrn), sent_at: m.deliveredAt });

  /** Our message in a conversation, found by the originToken of this request. */
  async function findOurs(s: Session, convUrn: string): Promise<Verdict> {
    const m = await messages(s, convUrn);
    if (!m.ok) return m.fail.code === 'THREAD_NOT_FOUND' ? { happened: false } : cannotVerify(m.fail);
    const token = originToken(s.ctx.requestId);
    const hit = m.elements.find((e) => e?.originToken === token);
    return hit ? { happened: true, result: { ...sentResult(hit), thread_id: threadIdOf(convUrn) } } : { happened: false };
  }

  type Verdict = { happened: true; result: Sent } | { happened: false };

  /** A run that starts with the account's own profile id (the mailbox). */
  const withMe =
    (f: (s: Session, me: string, input: any) => Promise<Outcome<any>>): Run =>
    async (ctx, input) => {
      const s = live.session(ctx);
      const me = await myProfileId(s);
      if (!me.ok) return me.fail;
      return f(s, me.id, input);
    };

  const toProfile = (requireConnection: boolean, subtype?: 'INMAIL') =>
    withMe(async (s, me, input: SendInput) => {
      if (requireConnection || subtype) {
        const p = await readProfile(s, q, input.profile_id!);
        if (!p.ok) return p.fail;
        if (requireConnection && p.profile.relationship !== 'CONNECTED') {
          return fail('NOT_CONNECTED', 'This profile is not a 1st-degree connection: use send_inmail_message.', { result: { profile_id: p.profile.profile_id } });
        }
        return createMessage(s, me, { profileId: p.profile.profile_id, subtype }, input.message);
      }
      return createMessage(s, me, { profileId: input.profile_id }, input.message);
    });

  const toThread = withMe((s, me, input: SendInput) => createMessage(s, me, { threadId: input.thread_id }, input.message));

  /** Greetings go to a thread when one is given, else to the profile (a 1st-degree connection). */
  const greeting = withMe(async (s, me, input: SendInput) => {
    if (input.thread_id) return createMessage(s, me, { threadId: input.thread_id }, input.message);
    return toProfile(true)(s.ctx, input);
  });

  const verifyThread: Verify = async (ctx, input: SendInput) => {
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return cannotVerify(me.fail);
    return findOurs(s, conversationUrn(me.id, input.thread_id!));
  };

  const verifyProfile: Verify = async (ctx, input: SendInput) => {
    if (input.thread_id) return verifyThread(ctx, input);
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return cannotVerify(me.fail);
    // The send may have opened a conversation we never heard of: look in the newest ones with this person.
    const c = await conversations(s, me.id);
    if (!c.ok) return cannotVerify(c.fail);
    for (const conv of c.elements.slice(0, 20)) {
      const withThem = (conv.conversationParticipants ?? []).some((p: Json) => profileIdOf(p?.hostIdentityUrn) === input.profile_id);
      if (!withThem) continue;
      const v = await findOurs(s, conv.entityUrn);
      if (v.happened) return v;
    }
    return { happened: false };
  };

  const threads = withMe(async (s, me, input: { cursor?: string }) => {
    const c = await conversations(s, me, input.cursor);
    if (!c.ok) return c.fail;
    return { ok: true, result: { threads: c.elements.map((conv) => thread(conv, me)), next_cursor: c.nextCursor } };
  });

  const threadMessages = withMe(async (s, me, input: { thread_id: string }) => {
    const m = await messages(s, conversationUrn(me, input.thread_id));
    if (!m.ok) return m.fail;
    return {
      ok: true,
      result: {
        thread_id: threadIdOf(input.thread_id),
        messages: m.elements.map((e) => {
          const sender = profileIdOf(e.sender?.hostIdentityUrn ?? e.actor?.hostIdentityUrn);
          const member = e.sender?.participantType?.member ?? {};
          return {
            message_id: threadIdOf(e.entityUrn),
            thread_id: threadIdOf(e.conversation?.entityUrn ?? input.thread_id),
            sender_profile_id: sender,
            sender_name: [text(member.firstName), text(member.lastName)].filter(Boolean).join(' '),
            text: text(e.body),
            sent_at: e.deliveredAt ?? null,
            is_from_me: sender === me,
          };
        }),
      },
    };
  });

  return {
    run: {
      send_message_to_profile_id: toProfile(true),
      send_message_to_thread: toThread,
      send_inmail_message: toProfile(false, 'INMAIL'),
      send_message_to_group_member: toProfile(false),
      send_message_to_event_member: toProfile(false),
      wish_work_anniversary: greeting,
      wish_birthday: greeting,
      wish_job_change: greeting,
      personal_message_threads: threads,
      personal_messages: threadMessages,
    },
    verify: {
      send_message_to_profile_id: verifyProfile,
      send_message_to_thread: verifyThread,
      send_inmail_message: verifyProfile,
      send_message_to_group_member: verifyProfile,
      send_message_to_event_member: verifyProfile,
      wish_work_anniversary: verifyProfile,
      wish_birthday: verifyProfile,
      wish_job_change: verifyProfile,
    },
  };
}

/** A messengerConversations element → one of We-Link's `threads`. */
function thread(conv: Json, me: string): Record<string, unknown> {
  const other = (conv.conversationParticipants ?? []).find((p: Json) => profileIdOf(p?.hostIdentityUrn) !== me) ?? {};
  const member = other.participantType?.member ?? {};
  const first = text(member.firstName);
  const last = text(member.lastName);
  const latest = conv.messages?.elements?.[0] ?? null;
  return {
    thread_id: threadIdOf(conv.entityUrn),
    created_at: conv.createdAt ?? null,
    last_activity_at: conv.lastActivityAt ?? null,
    read: !!conv.read,
    unread_count: conv.unreadCount ?? 0,
    profile_id: profileIdOf(other.hostIdentityUrn),
    first_name: first,
    last_name: last,
    full_name: [first, last].filter(Boolean).join(' '),
    degree: member.distance in DEGREE ? DEGREE[member.distance] : null,
    image: imageUrl(member.profilePicture),
    last_message_body: latest ? text(latest.body) : null,
    last_message_at: latest?.deliveredAt ?? null,
    last_message_id: latest ? threadIdOf(latest.entityUrn) : null,
  };
}
