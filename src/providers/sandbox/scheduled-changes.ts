import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { unsolicitedPayload, type UnsolicitedEventType } from '../../events/catalogue.ts';
import { emitEvent } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import type { GroupCommitter } from '../../store/group-commit.ts';
import type { Store } from '../../store/open.ts';
import type { Database } from '../../store/tables.ts';
import { setConnection } from './handlers/network.ts';
import { resolvePerson } from './people.ts';
import { replyText } from './rules.ts';
import { sandboxDb, sandboxTrx, type SDb, type STrx } from './tables.ts';
import { createWorld } from './world/index.ts';

export interface SimulationDeps {
  store: Store;
  committer: GroupCommitter;
  seed: string;
  logger: Logger;
}


const BATCH = 200;
const MAX_ROUNDS = 50;

/** `now + the row's workspace offset`, both dialects. */
const simNow = (now: number) => sql<number>`cast(${now} as bigint) + coalesce(c.offset_ms, 0)`;

/**
 * Moves every sandbox workspace's simulated LinkedIn to `now` (engine clock; each workspace adds its
 * offset): invitations accepted or dropped, contacts' replies arriving, reply trackers polling.
 * Each change commits with its event; a change is claimed by a conditional update, so two workers
 * ticking at once never emit an event twice. Returns how many changes were made.
 */
export async function processDue(d: SimulationDeps, now: number): Promise<{ changes: number; events: number }> {
  const total = { changes: 0, events: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = { changes: 0, events: 0 };
    for (const step of [invitations, replies, trackers]) {
      const got = await step(d, now);
      r.changes += got.changes;
      r.events += got.events;
    }
    total.changes += r.changes;
    total.events += r.events;
    if (r.changes === 0) break;
  }
  return total;
}

/** An unsolicited event (events/catalogue.ts): no request caused it, so it carries no request id. */
async function emit(trx: Transaction<Database>, now: number, e: { workspaceId: string; accountId: string; type: UnsolicitedEventType; result: Record<string, unknown> }): Promise<void> {
  await emitEvent(trx, { workspaceId: e.workspaceId, accountId: e.accountId, requestId: null, type: e.type, payload: unsolicitedPayload(e.type, e.accountId, e.result) }, now);
}

/** Events stop for a disconnected account, as We-Link's do. */
async function live(trx: STrx, accountId: string): Promise<boolean> {
  const a = await trx.selectFrom('accounts').select('status').where('id', '=', accountId).executeTakeFirst();
  return !!a && a.status !== 'DISCONNECTED';
}

function personOf(seed: string, profileId: string) {
  return resolvePerson(createWorld(seed), seed, { profile_id: profileId })?.profile;
}

async function invitations(d: SimulationDeps, now: number) {
  const db = sandboxDb(d.store.db);
  const due = await db
    .selectFrom('sandbox_invitations as i')
    .leftJoin('sandbox_clocks as c', 'c.workspace_id', 'i.workspace_id')
    .selectAll('i')
    .where('i.status', '=', 'PENDING')
    .where('i.direction', '=', 'SENT')
    .where('i.resolves_at', 'is not', null)
    .where('i.resolves_at', '<=', simNow(now))
    .orderBy('i.resolves_at')
    .limit(BATCH)
    .execute();
  let events = 0;
  for (const inv of due) {
    const accepted = inv.resolution === 'ACCEPT';
    const at = Number(inv.resolves_at);
    const emitted = await d.committer.run(inv.account_id, async (core) => {
      const trx = sandboxTrx(core);
      const r = await trx
        .updateTable('sandbox_invitations')
        .set({ status: accepted ? 'ACCEPTED' : 'IGNORED', resolved_at: at })
        .where('id', '=', inv.id)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0 || !accepted) return false;
      await setConnection(trx, { accountId: inv.account_id, workspaceId: inv.workspace_id, now: at }, inv.profile_id, 'CONNECTED');
      if (!(await live(trx, inv.account_id))) return false;
      const p = personOf(d.seed, inv.profile_id);
      await emit(core, now, {
        workspaceId: inv.workspace_id,
        accountId: inv.account_id,
        type: 'CONNECTION_ACCEPTED',
        result: {
          profile_id: inv.profile_id,
          invitation_id: inv.id,
          connect_request_id: inv.request_id,
          first_name: p?.first_name ?? '',
          last_name: p?.last_name ?? '',
          full_name: p?.full_name ?? '',
          headline: p?.headline ?? '',
          public_identifier: p?.public_identifier ?? '',
          profile_url: p?.profile_url ?? '',
          accepted_at: at,
        },
      });
      return true;
    });
    if (emitted) events++;
  }
  return { changes: due.length, events };
}

async function replies(d: SimulationDeps, now: number) {
  const db = sandboxDb(d.store.db);
  const due = await db
    .selectFrom('sandbox_messages as m')
    .leftJoin('sandbox_clocks as c', 'c.workspace_id', 'm.workspace_id')
    .selectAll('m')
    .where('m.from_me', '=', 1)
    .where('m.reply_due_at', 'is not', null)
    .where('m.reply_due_at', '<=', simNow(now))
    .orderBy('m.reply_due_at')
    .limit(BATCH)
    .execute();
  let events = 0;
  for (const m of due) {
    const at = Number(m.reply_due_at);
    const emitted = await d.committer.run(m.account_id, async (core) => {
      const trx = sandboxTrx(core);
      const r = await trx.updateTable('sandbox_messages').set({ reply_due_at: null }).where('id', '=', m.id).where('reply_due_at', 'is not', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      return contactWrites(core, d.seed, now, { threadId: m.thread_id, accountId: m.account_id, text: replyText(d.seed, m.thread_id, m.id), at });
    });
    if (emitted) events++;
  }
  return { changes: due.length, events };
}

/**
 * The thread's contact writes a message at `at` (simulated time), and MESSAGE_RECEIVED is emitted.
 * Returns whether an event was emitted (not for a disconnected account or an unknown thread).
 */
export async function contactWrites(core: Transaction<Database>, seed: string, now: number, m: { threadId: string; accountId: string; text: string; at: number }): Promise<{ message_id: string } | false> {
  const trx = sandboxTrx(core);
  const t = await trx.selectFrom('sandbox_threads').selectAll().where('id', '=', m.threadId).where('account_id', '=', m.accountId).executeTakeFirst();
  if (!t) return false;
  const id = newId('msg', now);
  await trx
    .insertInto('sandbox_messages')
    .values({ id, thread_id: t.id, workspace_id: t.workspace_id, account_id: t.account_id, request_id: null, from_me: 0, sender_profile_id: t.profile_id, text: m.text, sent_at: m.at, reply_due_at: null })
    .execute();
  await trx
    .updateTable('sandbox_threads')
    .set((eb) => ({ unread_count: eb('unread_count', '+', 1), last_activity_at: sql<number>`case when last_activity_at > ${m.at} then last_activity_at else ${m.at} end` }))
    .where('id', '=', t.id)
    .execute();
  if (!(await live(trx, t.account_id))) return false;
  const p = personOf(seed, t.profile_id);
  await emit(core, now, {
    workspaceId: t.workspace_id,
    accountId: t.account_id,
    type: 'MESSAGE_RECEIVED',
    result: { thread_id: t.id, message_id: id, profile_id: t.profile_id, first_name: p?.first_name ?? '', last_name: p?.last_name ?? '', full_name: p?.full_name ?? '', text: m.text, sent_at: m.at },
  });
  return { message_id: id };
}

async function trackers(d: SimulationDeps, now: number) {
  const db = sandboxDb(d.store.db);
  const due = await db
    .selectFrom('message_trackers as t')
    .innerJoin('workspaces as w', 'w.id', 't.workspace_id')
    .leftJoin('sandbox_clocks as c', 'c.workspace_id', 't.workspace_id')
    .selectAll('t')
    .select(sql<number>`coalesce(c.offset_ms, 0)`.as('offset_ms'))
    .where('w.mode', '=', 'sandbox')
    .where('t.status', '=', 'ACTIVE')
    .where('t.next_poll_at', '<=', simNow(now))
    .orderBy('t.next_poll_at')
    .limit(BATCH)
    .execute();
  let events = 0;
  for (const t of due) {
    const sim = now + Number(t.offset_ms);
    const freq = Math.max(60_000, Number(t.frequency_ms));
    const nextPoll = Number(t.next_poll_at);
    const reply = await firstReply(db, t.thread_id, Number(t.since), sim);
    // The reply is seen at the first poll at or after it arrives.
    const detectedAt = reply ? nextPoll + Math.max(0, Math.ceil((Number(reply.sent_at) - nextPoll) / freq)) * freq : null;
    const emitted = await d.committer.run(t.account_id, async (core) => {
      const trx = sandboxTrx(core);
      if (reply && detectedAt !== null && detectedAt <= sim) {
        const r = await trx.updateTable('message_trackers').set({ status: 'REPLIED', stopped_at: detectedAt, reply_message_id: reply.id }).where('id', '=', t.id).where('status', '=', 'ACTIVE').executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0 || !(await live(trx, t.account_id))) return false;
        const p = personOf(d.seed, reply.sender_profile_id);
        await emit(core, now, {
          workspaceId: t.workspace_id,
          accountId: t.account_id,
          type: 'MESSAGE_REPLY',
          result: {
            tracker_id: t.id,
            thread_id: t.thread_id,
            message_id: reply.id,
            profile_id: reply.sender_profile_id,
            first_name: p?.first_name ?? '',
            last_name: p?.last_name ?? '',
            full_name: p?.full_name ?? '',
            text: reply.text,
            replied_at: Number(reply.sent_at),
            detected_at: detectedAt,
            sent_request_id: t.request_id,
          },
        });
        return true;
      }
      const next = detectedAt ?? nextPoll + Math.max(1, Math.floor((sim - nextPoll) / freq) + 1) * freq;
      await trx.updateTable('message_trackers').set({ next_poll_at: next }).where('id', '=', t.id).where('status', '=', 'ACTIVE').where('next_poll_at', '=', nextPoll).execute();
      return false;
    });
    if (emitted) events++;
  }
  return { changes: due.length, events };
}

async function firstReply(db: SDb, threadId: string, since: number, until: number) {
  return db
    .selectFrom('sandbox_messages')
    .select(['id', 'sender_profile_id', 'text', 'sent_at'])
    .where('thread_id', '=', threadId)
    .where('from_me', '=', 0)
    .where('sent_at', '>=', since)
    .where('sent_at', '<=', until)
    .orderBy('sent_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
