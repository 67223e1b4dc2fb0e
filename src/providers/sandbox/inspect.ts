import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { accountTraits } from './magic.ts';
import { resolvePerson } from './people.ts';
import { BUDGETS, INMAIL_WINDOW_MS, inmailCredits } from './rules.ts';
import { clockOffset } from './handler-context.ts';
import { sandboxDb } from './tables.ts';
import { createWorld } from './world/index.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/**
 * What the simulated LinkedIn holds for one account, for integrators testing their flows: budgets,
 * invitations (with what the invitee will do and when), conversations with planned replies,
 * reply trackers, the side effects done, and a few groups and events to message through.
 */
export async function snapshot(core: Kysely<Database>, seed: string, account: { id: string; workspace_id: string; email: string }, now: number) {
  const db = sandboxDb(core);
  const world = createWorld(seed);
  const offset = await clockOffset(db, account.workspace_id);
  const sim = now + offset;
  const traits = accountTraits(account.email);
  const name = (pid: string) => resolvePerson(world, seed, { profile_id: pid })?.profile.full_name ?? null;

  const used = async (kinds: string[], windowMs: number) => {
    const r = await db
      .selectFrom('sandbox_effects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .where('kind', 'in', kinds)
      .where('created_at', '>', sim - windowMs)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const budget = async (b: (typeof BUDGETS)[keyof typeof BUDGETS], kinds: string[]) => {
    const limit = traits.premium ? b.premium : b.free;
    return { used: await used(kinds, b.windowMs), limit: Number.isFinite(limit) ? limit : null, window_hours: b.windowMs / 3_600_000, waits_with: b.code };
  };

  const invitations = await db.selectFrom('sandbox_invitations').selectAll().where('account_id', '=', account.id).orderBy('sent_at', 'desc').orderBy('id', 'desc').execute();
  const threads = await db.selectFrom('sandbox_threads').selectAll().where('account_id', '=', account.id).orderBy('last_activity_at', 'desc').execute();
  const messages = threads.length
    ? await db.selectFrom('sandbox_messages').selectAll().where('account_id', '=', account.id).orderBy('sent_at').orderBy('id').execute()
    : [];
  const trackers = await db.selectFrom('message_trackers').selectAll().where('account_id', '=', account.id).orderBy('created_at', 'desc').execute();
  const connections = await db.selectFrom('sandbox_connections').selectAll().where('account_id', '=', account.id).orderBy('changed_at', 'desc').execute();
  const effects = await db.selectFrom('sandbox_effects').select(['kind', 'target', 'request_id', 'created_at']).where('account_id', '=', account.id).orderBy('created_at', 'desc').limit(100).execute();
  const session = await db.selectFrom('sandbox_state').select('value').where('account_id', '=', account.id).where('key', '=', 'session').executeTakeFirst();

  const invitation = (i: (typeof invitations)[number]) => ({
    invitation_id: i.id,
    profile_id: i.profile_id,
    full_name: name(i.profile_id),
    status: i.status,
    message: i.message,
    sent_at: iso(Number(i.sent_at)),
    ...(i.direction === 'SENT' && i.status === 'PENDING' && i.resolution ? { will: i.resolution, at: iso(Number(i.resolves_at)) } : {}),
    resolved_at: iso(i.resolved_at === null ? null : Number(i.resolved_at)),
    request_id: i.request_id,
  });

  return {
    accountId: account.id,
    email: account.email,
    simulated_now: iso(sim),
    clock_offset_hours: offset / 3_600_000,
    traits: {
      premium: traits.premium,
      sales_navigator: traits.salesNavigator,
      recruiter: traits.recruiter,
      recruiter_failure: traits.recruiterFailure,
      pin: traits.pin,
      login_failure: traits.loginFailure,
      session_expires_after_actions: traits.expireAfter,
    },
    session: session ? JSON.parse(session.value) : null,
    budgets: {
      invitations: await budget(BUDGETS.invitations, ['invitation', 'invitation_note']),
      notes: await budget(BUDGETS.notes, ['invitation_note']),
      profile_views: await budget(BUDGETS.profileViews, ['profile_view']),
      messages: await budget(BUDGETS.messages, ['message']),
      inmail_credits: { used: await used(['inmail'], INMAIL_WINDOW_MS), limit: inmailCredits(traits), window_hours: INMAIL_WINDOW_MS / 3_600_000 },
    },
    invitations: {
      sent: invitations.filter((i) => i.direction === 'SENT').map(invitation),
      received: invitations.filter((i) => i.direction === 'RECEIVED').map(invitation),
    },
    connections_changed: connections.map((c) => ({ profile_id: c.profile_id, full_name: name(c.profile_id), state: c.state, at: iso(Number(c.changed_at)) })),
    threads: threads.map((t) => ({
      thread_id: t.id,
      kind: t.kind,
      profile_id: t.profile_id,
      full_name: name(t.profile_id),
      unread_count: Number(t.unread_count),
      messages: messages
        .filter((m) => m.thread_id === t.id)
        .map((m) => ({
          message_id: m.id,
          from_me: m.from_me === 1,
          text: m.text,
          sent_at: iso(Number(m.sent_at)),
          ...(m.reply_due_at !== null ? { contact_replies_at: iso(Number(m.reply_due_at)) } : {}),
          request_id: m.request_id,
        })),
    })),
    trackers: trackers.map((t) => ({
      tracker_id: t.id,
      thread_id: t.thread_id,
      status: t.status,
      frequency_hours: Number(t.frequency_ms) / 3_600_000,
      next_poll_at: t.status === 'ACTIVE' ? iso(Number(t.next_poll_at)) : null,
      reply_message_id: t.reply_message_id,
    })),
    effects: effects.map((e) => ({ kind: e.kind, target: e.target, request_id: e.request_id, at: iso(Number(e.created_at)) })),
    world: {
      groups: world.groups.slice(0, 3).map((g) => ({ group_id: g.group_id, name: g.name, member_profile_ids: g.member_profile_ids.slice(0, 5) })),
      events: world.events.slice(0, 3).map((e) => ({ event_id: e.event_id, name: e.name, member_profile_ids: e.member_profile_ids.slice(0, 5) })),
    },
  };
}

/** Moves a workspace's simulated clock forward; returns the new offset. */
export async function advanceClock(core: Kysely<Database>, workspaceId: string, byMs: number, now: number): Promise<number> {
  const db = sandboxDb(core);
  const current = await clockOffset(db, workspaceId);
  const offset = current + byMs;
  await db
    .insertInto('sandbox_clocks')
    .values({ workspace_id: workspaceId, offset_ms: offset, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet((eb) => ({ offset_ms: eb('sandbox_clocks.offset_ms', '+', byMs), updated_at: now })))
    .execute();
  return clockOffset(db, workspaceId);
}
