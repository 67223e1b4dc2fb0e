import { page } from '../../../actions/linkedin-rules.ts';
import { fail } from '../../../actions/outcome.ts';
import type { HandlerInput } from '../../../actions/provider-contract.ts';
import { deliver, findThread, messageKind } from '../inbox.ts';
import { isTestProfile, type Person } from '../people.ts';
import { INMAIL_WINDOW_MS, inmailCredits } from '../rules.ts';
import { recruiterContract, recruiterDenied } from './account.ts';
import type { Sim, SimHandler, SimTable } from '../handler-context.ts';

/** What every send shares: the text and reply tracking (fields.ts `sendFields`), and whom or where to. */
type SendInput = Pick<HandlerInput<'send_message_to_profile_id'>, 'message' | 'track_reply' | 'frequency'> & { profile_id?: string; thread_id?: string };

/** Sending (members, threads, InMail, groups, events, Recruiter, greetings) and reading the inbox. */
export function messagingHandlers() {
  const tracking = (input: SendInput) => ({ trackReply: input.track_reply === true, frequency: input.frequency });

  /** A message to a 1st-degree connection (ad-hoc test profiles always take it). */
  const toConnection = async (s: Sim, input: SendInput) => {
    const p = s.person({ profile_id: input.profile_id });
    if (!p) return s.notFound(input);
    if (!isTestProfile(p)) {
      if ((await s.degree(p)) !== 1) {
        return fail('NOT_CONNECTED', 'This profile is not a 1st-degree connection: invite it first, or use send_inmail_message.', { result: { profile_id: p.profile.profile_id } });
      }
    }
    return send(s, p, input, 'MEMBER');
  };

  const send = async (s: Sim, p: Person, input: SendInput, kind: 'MEMBER' | 'GROUP' | 'EVENT', extra?: Record<string, unknown>) => {
    const effectKind = messageKind(p);
    if (effectKind === 'message') {
      const over = await s.budget('messages', ['message']);
      if (over) return over;
    }
    return deliver(s, { profileId: p.profile.profile_id, audience: p.audience, kind, text: input.message, effectKind, extra, ...tracking(input) });
  };

  const toThread = (salesNavigator: boolean) => async (s: Sim, input: SendInput) => {
    if (salesNavigator && !s.traits.salesNavigator) return fail('SALES_SEAT_REQUIRED', 'This account has no Sales Navigator seat (sandbox: log in with a "+salesnav" email).');
    const t = await findThread(s, input.thread_id!);
    if (!t) return fail('THREAD_NOT_FOUND', 'No conversation with this thread_id in the account.', { result: { thread_id: input.thread_id } });
    const p = s.person({ profile_id: t.profile_id });
    const audience = p?.audience ?? 'adhoc';
    const effectKind = audience === 'world' ? 'message' : 'test_message';
    if (effectKind === 'message') {
      const over = await s.budget('messages', ['message']);
      if (over) return over;
    }
    return deliver(s, { profileId: t.profile_id, audience, threadId: t.id, kind: t.kind, text: input.message, effectKind, ...tracking(input) });
  };

  const inmail: SimHandler<'send_inmail_message'> = async (s, input) => {
    const p = s.person({ profile_id: input.profile_id });
    if (!p) return s.notFound(input);
    if (!s.premium) return fail('PREMIUM_REQUIRED', 'InMail needs a premium account (sandbox: log in with a "+premium" email).', { result: { profile_id: p.profile.profile_id } });
    // Open Profiles take InMail without spending a credit.
    const free = p.profile.open_profile || p.audience !== 'world';
    if (!free) {
      const credits = inmailCredits(s.traits);
      const used = await s.db
        .selectFrom('sandbox_effects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', s.accountId)
        .where('kind', '=', 'inmail')
        .where('created_at', '>', s.now - INMAIL_WINDOW_MS)
        .executeTakeFirstOrThrow();
      if (Number(used.n) >= credits) return fail('NO_INMAIL_CREDITS', `The account has used its ${credits} InMail credits of the last 30 days.`, { result: { profile_id: p.profile.profile_id } });
    }
    return deliver(s, {
      profileId: p.profile.profile_id,
      audience: p.audience,
      kind: 'INMAIL',
      subject: input.subject ?? null,
      text: input.message,
      effectKind: free ? 'inmail_free' : 'inmail',
      ...tracking(input),
    });
  };

  const toGroupMember: SimHandler<'send_message_to_group_member'> = async (s, input) => {
    const g = s.world.groupById(input.group_id);
    if (!g) return fail('GROUP_NOT_FOUND', 'No LinkedIn group with this group_id.', { result: { group_id: input.group_id } });
    const p = s.person({ profile_id: input.profile_id });
    if (!p) return s.notFound(input);
    if (p.audience === 'world' && !g.member_profile_ids.includes(p.profile.profile_id)) {
      return fail('NOT_GROUP_MEMBER', 'This profile is not a member of the group.', { result: { group_id: g.group_id, profile_id: p.profile.profile_id } });
    }
    return send(s, p, input, 'GROUP');
  };

  const toEventMember: SimHandler<'send_message_to_event_member'> = async (s, input) => {
    const e = s.world.eventById(input.event_id);
    if (!e) return fail('EVENT_NOT_FOUND', 'No LinkedIn event with this event_id.', { result: { event_id: input.event_id } });
    const p = s.person({ profile_id: input.profile_id });
    if (!p) return s.notFound(input);
    if (p.audience === 'world' && !e.member_profile_ids.includes(p.profile.profile_id)) {
      return fail('NOT_EVENT_ATTENDEE', 'This profile does not attend the event.', { result: { event_id: e.event_id, profile_id: p.profile.profile_id } });
    }
    return send(s, p, input, 'EVENT');
  };

  const recruiter: SimHandler<'send_recruiter_message'> = async (s, input) => {
    const denied = recruiterDenied(s);
    if (denied) return denied;
    if (input.contract_id !== recruiterContract(s).contract_id) return fail('CONTRACT_NOT_FOUND', 'No Recruiter contract with this contract_id (see recruiter_contracts).', { result: { contract_id: input.contract_id } });
    const p = s.person({ profile_id: input.profile_id });
    if (!p) return s.notFound(input);
    return deliver(s, {
      profileId: p.profile.profile_id,
      audience: p.audience,
      kind: 'RECRUITER',
      subject: input.subject,
      text: `${input.message}\n\n${input.signature}`,
      effectKind: 'recruiter_message',
      extra: { message: 'Message sent' },
      ...tracking(input),
    });
  };

  /** Greetings go to the thread when one is given, else to the profile (a 1st-degree connection). */
  const greeting = async (s: Sim, input: HandlerInput<'wish_birthday'>) => {
    if (input.thread_id) return toThread(false)(s, input);
    return toConnection(s, input);
  };

  const threads: SimHandler<'personal_message_threads'> = async (s, input) => {
    const offset = input.cursor ? Number.parseInt(Buffer.from(input.cursor, 'base64url').toString(), 10) : 0;
    if (!Number.isInteger(offset) || offset < 0) return fail('INVALID_CURSOR', 'This cursor was not given by personal_message_threads.', { result: { cursor: input.cursor } });
    const { count } = page(input, 20, 100);
    const rows = await s.db
      .selectFrom('sandbox_threads')
      .selectAll()
      .where('account_id', '=', s.accountId)
      .orderBy('last_activity_at', 'desc')
      .orderBy('id')
      .limit(count + 1)
      .offset(offset)
      .execute();
    const list = [];
    for (const t of rows.slice(0, count)) {
      const p = s.person({ profile_id: t.profile_id });
      const last = await s.db.selectFrom('sandbox_messages').selectAll().where('thread_id', '=', t.id).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      list.push({
        thread_id: t.id,
        created_at: Number(t.created_at),
        last_activity_at: Number(t.last_activity_at),
        read: Number(t.unread_count) === 0,
        unread_count: Number(t.unread_count),
        profile_id: t.profile_id,
        first_name: p?.profile.first_name ?? '',
        last_name: p?.profile.last_name ?? '',
        full_name: p?.profile.full_name ?? '',
        degree: p ? await s.degree(p) : null,
        image: p?.profile.image ?? null,
        last_message_body: last?.text ?? null,
        last_message_at: last ? Number(last.sent_at) : null,
        last_message_id: last?.id ?? null,
        kind: t.kind,
      });
    }
    const next = rows.length > count ? Buffer.from(String(offset + count)).toString('base64url') : null;
    return { ok: true, result: { threads: list, next_cursor: next } };
  };

  const messages: SimHandler<'personal_messages'> = async (s, input) => {
    const t = await findThread(s, input.thread_id);
    if (!t) return fail('THREAD_NOT_FOUND', 'No conversation with this thread_id in the account.', { result: { thread_id: input.thread_id } });
    const rows = await s.db.selectFrom('sandbox_messages').selectAll().where('thread_id', '=', t.id).orderBy('sent_at').orderBy('id').execute();
    const them = s.person({ profile_id: t.profile_id })?.profile;
    const me = s.self;
    return {
      ok: true,
      result: {
        thread_id: t.id,
        messages: rows.map((m) => ({
          message_id: m.id,
          thread_id: t.id,
          sender_profile_id: m.sender_profile_id,
          sender_name: m.from_me ? me.full_name : (them?.full_name ?? ''),
          text: m.text,
          sent_at: Number(m.sent_at),
          is_from_me: m.from_me === 1,
        })),
      },
    };
  };

  return {
    send_message_to_profile_id: toConnection,
    send_message_to_thread: toThread(false),
    send_message_to_sales_navigator_thread: toThread(true),
    send_inmail_message: inmail,
    send_message_to_group_member: toGroupMember,
    send_message_to_event_member: toEventMember,
    send_recruiter_message: recruiter,
    wish_work_anniversary: greeting,
    wish_birthday: greeting,
    wish_job_change: greeting,
    personal_message_threads: threads,
    personal_messages: messages,
  } satisfies Partial<SimTable>;
}
