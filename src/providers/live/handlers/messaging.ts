import type { ResultOf } from '../../../actions/catalogue.ts';
import { page } from '../../../actions/linkedin-rules.ts';
import type { Outcome, Verification } from '../../../actions/outcome.ts';
import type { RunTable, VerifyTable } from '../../../actions/provider-contract.ts';
import type { RunContext } from '../../../actions/run-context.ts';
import { imageUrl, text, type Json } from '../voyager-envelope.ts';
import { fail } from '../errors.ts';
import { cannotVerify, neverHappened, notSupported, type Live, type Run } from '../handler-context.ts';
import { CONVERSATION_PAGE, lastActivityAt, messagesBefore, olderConversations, recentConversations } from '../inbox.ts';
import { pages } from '../pages.ts';
import { myProfileId, readProfile } from '../profile-reader.ts';
import { conversationUrn, originToken, profileIdOf, profileUrn, threadIdOf, trackingId } from '../restli.ts';
import type { Session } from '../session.ts';

type SendInput = { profile_id?: string; thread_id?: string; message: string; subject?: string };
type Sent = ResultOf<'send_message_to_thread'>;
type Thread = ResultOf<'personal_message_threads'>['threads'][number];
type Verdict = Verification<Sent>;


const DEGREE: Record<string, number | null> = { SELF: 0, DISTANCE_1: 1, DISTANCE_2: 2, DISTANCE_3: 3, OUT_OF_NETWORK: null };
/** personal_messages reads at most this many pages of 20 (LinkedIn pages a thread back in time). */
const THREAD_PAGES = 5;
/**
 * The anchor of "the latest messages": a day ahead of our clock, so a message LinkedIn's clock
 * stamps slightly after ours is still before it.
 */
const latestAnchor = (now: number) => now + 86_400_000;

/**
 * Messages over the current messaging API: sends through `createMessage` with an `originToken`
 * derived from the request id (a retried send carries the same token) and a `trackingId`, reads
 * through the messaging GraphQL (inbox.ts). `track_reply` is the engine's: it makes the tracker
 * from the sent message's thread, and the account's sync (sync.ts) sees the reply.
 */
export function messagingHandlers(live: Live) {
  const { q } = live;

  async function createMessage(s: Session, me: string, to: { profileId?: string; threadId?: string; subtype?: 'INMAIL'; subject?: string }, body: string): Promise<Outcome<Sent>> {
    const message: Record<string, unknown> = { body: { attributes: [], text: body }, renderContentUnions: [], originToken: originToken(s.ctx.requestId) };
    if (to.threadId) message.conversationUrn = conversationUrn(me, to.threadId);
    if (to.subtype) message.messageSubtype = to.subtype;
    // [U] one client's capture: the InMail subject rides in the message.
    if (to.subject) message.subject = to.subject;
    const payload: Record<string, unknown> = {
      message,
      mailboxUrn: profileUrn(me),
      trackingId: trackingId(s.ctx.requestId),
      // Every web capture sends false together with a trackingId; one client reports a 400 without both [S].
      // The guard against a doubled send is the verification (the originToken read back), not this flag.
      dedupeByClientGeneratedToken: false,
    };
    if (!to.threadId && to.profileId) payload.hostRecipientUrns = [profileUrn(to.profileId)];
    const r = await s.call({
      path: 'voyagerMessagingDashMessengerMessages?action=createMessage',
      body: payload,
      messaging: true,
      notFound: to.threadId ? 'THREAD_NOT_FOUND' : 'PROFILE_NOT_FOUND',
      page: pages.messaging(to.threadId),
    });
    if (!r.ok) {
      const about = to.threadId ? { thread_id: to.threadId } : { profile_id: to.profileId };
      return r.fail.code === 'THREAD_NOT_FOUND' || r.fail.code === 'PROFILE_NOT_FOUND' ? { ...r.fail, result: { ...r.fail.result, ...about } } : r.fail;
    }
    const v = r.data?.value ?? r.data?.data?.value ?? {};
    if (!v.conversationUrn && !v.entityUrn) return fail('LINKEDIN_ERROR', 'LinkedIn answered the send without a message.');
    return { ok: true, result: { thread_id: threadIdOf(v.conversationUrn ?? v.backendConversationUrn), message_id: threadIdOf(v.entityUrn), sent_at: typeof v.deliveredAt === 'number' ? v.deliveredAt : s.ctx.now } };
  }

  const sentResult = (m: Json): Sent => ({ thread_id: threadIdOf(m.conversation?.entityUrn ?? m.conversationUrn), message_id: threadIdOf(m.entityUrn), sent_at: Number(m.deliveredAt ?? 0) });

  /** Our message in a conversation, found by the originToken of this request among its latest messages. */
  async function findOurs(s: Session, me: string, threadId: string): Promise<Verdict> {
    const m = await messagesBefore(s, q, me, threadId, latestAnchor(s.ctx.now));
    if (!m.ok) return m.fail.code === 'THREAD_NOT_FOUND' ? { happened: false } : cannotVerify(m.fail);
    const token = originToken(s.ctx.requestId);
    const hit = m.elements.find((e) => e?.originToken === token);
    return hit ? { happened: true, result: { ...sentResult(hit), thread_id: threadIdOf(threadId) } } : { happened: false };
  }

  /** A run that starts with the account's own profile id (the mailbox). */
  const withMe =
    <I, R>(f: (s: Session, me: string, input: I) => Promise<Outcome<R>>) =>
    async (ctx: RunContext, input: I): Promise<Outcome<R>> => {
      const s = live.session(ctx);
      const me = await myProfileId(s);
      if (!me.ok) return me.fail;
      return f(s, me.id, input);
    };

  /** A message to a profile: to a 1st-degree connection only, or (InMail, group and event members) to anyone. */
  const sendToProfile = async (s: Session, me: string, input: SendInput, o: { requireConnection: boolean; subtype?: 'INMAIL' }): Promise<Outcome<Sent>> => {
    if (o.requireConnection || o.subtype) {
      const p = await readProfile(s, q, input.profile_id!);
      if (!p.ok) return p.fail.code === 'PROFILE_NOT_FOUND' ? { ...p.fail, result: { profile_id: input.profile_id } } : p.fail;
      if (o.requireConnection && p.profile.relationship !== 'CONNECTED') {
        return fail('NOT_CONNECTED', 'This profile is not a 1st-degree connection: invite it first, or use send_inmail_message.', { result: { profile_id: p.profile.profile_id } });
      }
      return createMessage(s, me, { profileId: p.profile.profile_id, subtype: o.subtype, subject: input.subject }, input.message);
    }
    return createMessage(s, me, { profileId: input.profile_id }, input.message);
  };

  const toConnection: Run<'send_message_to_profile_id'> = withMe((s, me, input) => sendToProfile(s, me, input, { requireConnection: true }));

  const toThread: Run<'send_message_to_thread'> = withMe((s, me, input) => createMessage(s, me, { threadId: input.thread_id }, input.message));

  const inmail: Run<'send_inmail_message'> = async (ctx, input) => {
    // LinkedIn's refusal of an InMail from a free account is not documented: tell it from the account first.
    if (!ctx.account.premium) return fail('PREMIUM_REQUIRED', 'InMail needs a premium LinkedIn account.', { result: { profile_id: input.profile_id } });
    return withMe((s, me, i: typeof input) => sendToProfile(s, me, i, { requireConnection: false, subtype: 'INMAIL' }))(ctx, input);
  };

  // Group and event ids select nothing on the wire: LinkedIn lets a fellow member be messaged directly [U].
  const toGroupMember: Run<'send_message_to_group_member'> = withMe((s, me, input) => sendToProfile(s, me, input, { requireConnection: false }));
  const toEventMember: Run<'send_message_to_event_member'> = withMe((s, me, input) => sendToProfile(s, me, input, { requireConnection: false }));

  /** Greetings go to a thread when one is given, else to the profile (a 1st-degree connection). */
  const greeting: Run<'wish_birthday'> = withMe((s, me, input) =>
    input.thread_id ? createMessage(s, me, { threadId: input.thread_id }, input.message) : sendToProfile(s, me, input, { requireConnection: true }),
  );

  const verifyThread = async (ctx: RunContext, input: { thread_id: string }): Promise<Verdict> => {
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return cannotVerify(me.fail);
    return findOurs(s, me.id, input.thread_id);
  };

  const verifyProfile = async (ctx: RunContext, input: { profile_id?: string; thread_id?: string }): Promise<Verdict> => {
    if (input.thread_id) return verifyThread(ctx, { thread_id: input.thread_id });
    const s = live.session(ctx);
    const me = await myProfileId(s);
    if (!me.ok) return cannotVerify(me.fail);
    // The send may have opened a conversation we never heard of: look in the newest ones with this person.
    const c = await recentConversations(s, q, me.id);
    if (!c.ok) return cannotVerify(c.fail);
    for (const conv of c.elements) {
      const withThem = (conv.conversationParticipants ?? []).some((p: Json) => profileIdOf(p?.hostIdentityUrn) === input.profile_id);
      if (!withThem) continue;
      const v = await findOurs(s, me.id, threadIdOf(conv.entityUrn));
      // Found, or LinkedIn pushed back on the account: either way no further call.
      if (v.happened || v.fail) return v;
    }
    return { happened: false };
  };

  /**
   * The inbox, `count` threads at a time. LinkedIn pages by its own queries and page size (inbox.ts),
   * so our cursor says which LinkedIn page to read and how far into it the last answer went.
   */
  const threads: Run<'personal_message_threads'> = withMe(async (s, me, input) => {
    const at: InboxCursor | null = input.cursor === undefined ? { o: 0 } : readCursor(input.cursor);
    if (!at) return fail('INVALID_CURSOR', 'This cursor was not given by personal_message_threads.', { result: { cursor: input.cursor } });
    const { count } = page(input, 20, 100);
    const first = at.b === undefined && at.c === undefined;
    const c = first ? await recentConversations(s, q, me) : await olderConversations(s, q, me, { before: at.b, cursor: at.c });
    if (!c.ok) {
      if (!first && c.status === 400) return fail('INVALID_CURSOR', 'LinkedIn refused this cursor: start again without one.', { result: { cursor: input.cursor } });
      return c.fail;
    }
    const rest = c.elements.slice(at.o);
    const oldest = c.elements.length > 0 ? Math.min(...c.elements.map(lastActivityAt)) : 0;
    // A full LinkedIn page may have more behind it: go on after its cursor, else before its oldest conversation.
    const following: InboxCursor | null = c.nextCursor ? { c: c.nextCursor, o: 0 } : c.elements.length >= CONVERSATION_PAGE ? { b: oldest, o: 0 } : null;
    const next = rest.length > count ? { ...at, o: at.o + count } : following;
    return { ok: true, result: { threads: rest.slice(0, count).map((conv) => thread(conv, me)), next_cursor: next ? writeCursor(next) : null } };
  });

  /** Every message of a thread, oldest first: LinkedIn's latest 20, then 20 before those, up to THREAD_PAGES pages. */
  const threadMessages: Run<'personal_messages'> = withMe(async (s, me, input) => {
    let anchor = latestAnchor(s.ctx.now);
    const all: Json[] = [];
    for (let n = 0; n < THREAD_PAGES; n++) {
      const m = await messagesBefore(s, q, me, input.thread_id, anchor);
      if (!m.ok) return m.fail.code === 'THREAD_NOT_FOUND' ? { ...m.fail, result: { thread_id: input.thread_id } } : m.fail;
      all.unshift(...m.elements);
      if (m.elements.length < 20) break;
      anchor = Math.min(...m.elements.map((e) => Number(e.deliveredAt ?? 0)));
    }
    return {
      ok: true,
      result: {
        thread_id: threadIdOf(input.thread_id),
        messages: all.map((e) => {
          const sender = profileIdOf(e.sender?.hostIdentityUrn ?? e.actor?.hostIdentityUrn);
          const member = e.sender?.participantType?.member ?? {};
          return {
            message_id: threadIdOf(e.entityUrn),
            thread_id: threadIdOf(e.conversation?.entityUrn ?? input.thread_id),
            sender_profile_id: sender,
            sender_name: [text(member.firstName), text(member.lastName)].filter(Boolean).join(' '),
            text: text(e.body),
            sent_at: typeof e.deliveredAt === 'number' ? e.deliveredAt : 0,
            is_from_me: sender === me,
          };
        }),
      },
    };
  });

  return {
    run: {
      send_message_to_profile_id: toConnection,
      send_message_to_thread: toThread,
      send_message_to_sales_navigator_thread: notSupported('Sales Navigator messaging (send_message_to_sales_navigator_thread)'),
      send_inmail_message: inmail,
      send_message_to_group_member: toGroupMember,
      send_message_to_event_member: toEventMember,
      send_recruiter_message: notSupported('Recruiter messaging (send_recruiter_message)'),
      wish_work_anniversary: greeting,
      wish_birthday: greeting,
      wish_job_change: greeting,
      personal_message_threads: threads,
      personal_messages: threadMessages,
    } satisfies Partial<RunTable>,
    verify: {
      send_message_to_profile_id: verifyProfile,
      send_message_to_thread: verifyThread,
      send_inmail_message: verifyProfile,
      send_message_to_group_member: verifyProfile,
      send_message_to_event_member: verifyProfile,
      wish_work_anniversary: verifyProfile,
      wish_birthday: verifyProfile,
      wish_job_change: verifyProfile,
      send_message_to_sales_navigator_thread: neverHappened,
      send_recruiter_message: neverHappened,
    } satisfies Partial<VerifyTable>,
  };
}

/**
 * Our inbox cursor: which LinkedIn page (the first one; the category query after LinkedIn's cursor
 * `c`, or before the instant `b`) and the offset into it of the next thread to answer.
 */
interface InboxCursor {
  c?: string;
  b?: number;
  o: number;
}

function writeCursor(c: InboxCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function readCursor(raw: string): InboxCursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!c || typeof c !== 'object' || !Number.isInteger(c.o) || c.o < 0 || c.o > 10_000) return null;
    if (c.c !== undefined && (typeof c.c !== 'string' || c.c.length === 0 || c.c.length > 2048)) return null;
    if (c.b !== undefined && !(Number.isInteger(c.b) && c.b > 0)) return null;
    if (c.c !== undefined && c.b !== undefined) return null;
    return { ...(c.c !== undefined ? { c: c.c } : {}), ...(c.b !== undefined ? { b: c.b } : {}), o: c.o };
  } catch {
    // not ours
  }
  return null;
}

/** A messengerConversations element → one of We-Link's `threads`. */
function thread(conv: Json, me: string): Thread {
  const other = (conv.conversationParticipants ?? []).find((p: Json) => profileIdOf(p?.hostIdentityUrn) !== me) ?? {};
  const member = other.participantType?.member ?? {};
  const first = text(member.firstName);
  const last = text(member.lastName);
  const latest = conv.messages?.elements?.[0] ?? null;
  return {
    thread_id: threadIdOf(conv.entityUrn),
    created_at: Number(conv.createdAt ?? 0),
    last_activity_at: Number(conv.lastActivityAt ?? conv.createdAt ?? 0),
    read: !!conv.read,
    unread_count: conv.unreadCount ?? 0,
    profile_id: profileIdOf(other.hostIdentityUrn),
    first_name: first,
    last_name: last,
    full_name: [first, last].filter(Boolean).join(' '),
    degree: typeof member.distance === 'string' && member.distance in DEGREE ? DEGREE[member.distance] : null,
    image: imageUrl(member.profilePicture),
    last_message_body: latest ? text(latest.body) : null,
    last_message_at: latest?.deliveredAt ?? null,
    last_message_id: latest ? threadIdOf(latest.entityUrn) : null,
  };
}
