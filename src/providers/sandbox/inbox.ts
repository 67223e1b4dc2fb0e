import { newId } from '../../lib/ids.ts';
import type { Outcome } from '../../actions/outcome.ts';
import type { Person } from './people.ts';
import { hashHex, replyFate, type Audience } from './rules.ts';
import type { Sim } from './handler-context.ts';
import type { STrx, ThreadKind } from './tables.ts';
import { createTracker } from '../../store/message-trackers.ts';

export interface Sent {
  thread_id: string;
  message_id: string;
  sent_at: number;
  tracker_id?: string;
}

/** One conversation per (account, member) like LinkedIn's inbox; InMail and Recruiter have their own. */
export function threadIdFor(seed: string, accountId: string, profileId: string, kind: ThreadKind): string {
  const k = kind === 'INMAIL' || kind === 'RECRUITER' ? kind : 'MEMBER';
  return `2-${hashHex(seed, 'thread', k, accountId, profileId).slice(0, 24)}`;
}

export async function findThread(s: Sim, threadId: string) {
  return s.db.selectFrom('sandbox_threads').selectAll().where('id', '=', threadId).where('account_id', '=', s.accountId).executeTakeFirst();
}

export async function ensureThread(trx: STrx, s: Sim, t: { id: string; profileId: string; kind: ThreadKind; subject?: string | null; at: number }): Promise<void> {
  await trx
    .insertInto('sandbox_threads')
    .values({
      id: t.id,
      workspace_id: s.workspaceId,
      account_id: s.accountId,
      profile_id: t.profileId,
      kind: t.kind,
      subject: t.subject ?? null,
      created_at: t.at,
      last_activity_at: t.at,
      unread_count: 0,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * Sends one message from the account: thread, message (with the contact's planned reply), reply
 * tracker and effect row in one transaction.
 */
export async function deliver<X extends Record<string, unknown> = Record<never, never>>(
  s: Sim,
  o: {
    profileId: string;
    audience: Audience;
    threadId?: string;
    kind: ThreadKind;
    text: string;
    subject?: string | null;
    trackReply?: boolean;
    frequency?: number;
    effectKind: string;
    /** Fields of the result beyond the message's (Recruiter's confirmation text). */
    extra?: X;
  },
): Promise<Outcome<X & Sent>> {
  const threadId = o.threadId ?? threadIdFor(s.deps.seed, s.accountId, o.profileId, o.kind);
  const messageId = newId('msg', s.ctx.now);
  const at = s.now;
  const result = await s.tx(async (trx, core) => {
    await ensureThread(trx, s, { id: threadId, profileId: o.profileId, kind: o.kind, subject: o.subject, at });
    await trx
      .insertInto('sandbox_messages')
      .values({
        id: messageId,
        thread_id: threadId,
        workspace_id: s.workspaceId,
        account_id: s.accountId,
        request_id: s.ctx.requestId,
        from_me: 1,
        sender_profile_id: s.myId,
        text: o.text,
        sent_at: at,
        reply_due_at: replyFate(s.deps.seed, o.audience, s.ctx.account.email, o.profileId, at),
      })
      .execute();
    await trx.updateTable('sandbox_threads').set({ last_activity_at: at, unread_count: 0 }).where('id', '=', threadId).execute();
    const r: X & Sent = { ...(o.extra ?? ({} as X)), thread_id: threadId, message_id: messageId, sent_at: at };
    if (o.trackReply) {
      r.tracker_id = await createTracker(core, {
        workspaceId: s.workspaceId,
        accountId: s.accountId,
        threadId,
        requestId: s.ctx.requestId,
        frequencyHours: o.frequency,
        since: at,
        now: s.ctx.now,
      });
    }
    await s.effect(trx, o.effectKind, o.profileId, r);
    return r;
  });
  return { ok: true, result };
}

/** The message kind counted in the daily message budget (ad-hoc test profiles are not counted). */
export function messageKind(p: Pick<Person, 'audience'>): string {
  return p.audience === 'world' ? 'message' : 'test_message';
}
