import { nextStart, noteTooLong, page } from '../../../actions/linkedin-rules.ts';
import { fail } from '../../../actions/outcome.ts';
import { hashHex, invitationFate, REINVITE_COOLDOWN_MS } from '../rules.ts';
import { isTestProfile, type Person } from '../people.ts';
import type { STrx } from '../tables.ts';
import type { Sim, SimHandler, SimTable } from '../handler-context.ts';

/** Invitations and connections. */
export function networkHandlers() {
  const connect: SimHandler<'connect'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const pid = p.profile.profile_id;
    const note = input.message?.trim() || null;
    const tooLong = noteTooLong(note, s.premium, pid);
    if (tooLong) return tooLong;
    const test = isTestProfile(p);
    const degree = test ? 2 : await s.degree(p);
    if (degree === 1) return fail('ALREADY_CONNECTED', 'This profile is already a 1st-degree connection.', { result: { profile_id: pid } });
    if (degree === null) return fail('OUT_OF_NETWORK', "This member is outside the account's network: LinkedIn asks for their email address to invite them.", { result: { profile_id: pid } });
    const last = test ? undefined : await s.lastSent(p);
    if (last?.status === 'PENDING') return fail('INVITATION_ALREADY_PENDING', 'An invitation to this profile is already pending.', { result: { profile_id: pid, invitation_id: last.id } });
    if (last?.status === 'WITHDRAWN' && last.resolved_at !== null && Number(last.resolved_at) + REINVITE_COOLDOWN_MS > s.now) {
      const until = new Date(s.toReal(Number(last.resolved_at) + REINVITE_COOLDOWN_MS)).toISOString();
      return fail('REINVITE_COOLDOWN', `The invitation to this profile was withdrawn recently; LinkedIn allows a new one from ${until}.`, { result: { profile_id: pid, retry_after: until } });
    }
    const counted = p.audience === 'world';
    if (counted) {
      const over = (await s.budget('invitations', ['invitation', 'invitation_note'])) ?? (note && !s.premium ? await s.budget('notes', ['invitation_note']) : null);
      if (over) return over;
    }
    const fate = invitationFate(s.deps.seed, p.audience, s.ctx.account.email, pid, s.now);
    const id = `inv_${hashHex(s.deps.seed, 'invitation', s.ctx.requestId).slice(0, 16)}`;
    const result = { connected: true, profile_id: pid, invitation_id: id };
    await s.tx(async (trx) => {
      await trx
        .insertInto('sandbox_invitations')
        .values({
          id,
          workspace_id: s.workspaceId,
          account_id: s.accountId,
          profile_id: pid,
          direction: 'SENT',
          status: 'PENDING',
          message: note,
          request_id: s.ctx.requestId,
          sent_at: s.now,
          resolution: fate.resolution,
          resolves_at: fate.at,
          resolved_at: null,
        })
        .execute();
      await s.effect(trx, counted ? (note ? 'invitation_note' : 'invitation') : 'test_invitation', pid, result);
    });
    return { ok: true, result };
  };

  const connectionStatus: SimHandler<'get_connection_status'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const pid = p.profile.profile_id;
    if ((await s.degree(p)) === 1) return { ok: true, result: { connection_status: 'ALREADY_CONNECTED', profile_id: pid } };
    const last = await s.lastSent(p);
    if (last?.status === 'PENDING') return { ok: true, result: { connection_status: 'PENDING', invitation_id: last.id, profile_id: pid } };
    return { ok: true, result: { connection_status: 'NOT_CONNECTED', profile_id: pid } };
  };

  const disconnect: SimHandler<'disconnect'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const pid = p.profile.profile_id;
    if (!isTestProfile(p) && (await s.degree(p)) !== 1) return fail('NOT_CONNECTED', 'This profile is not a 1st-degree connection.', { result: { profile_id: pid } });
    const result = { disconnected: true, profile_id: pid };
    await s.tx(async (trx) => {
      await setConnection(trx, s, pid, 'REMOVED');
      await s.effect(trx, 'disconnect', pid, result);
    });
    return { ok: true, result };
  };

  const withdraw: SimHandler<'withdraw_invite'> = async (s, input) => {
    let inv: { id: string; profile_id: string; status: string } | undefined;
    if (input.invitation_id) {
      inv = await s.db
        .selectFrom('sandbox_invitations')
        .select(['id', 'profile_id', 'status'])
        .where('id', '=', input.invitation_id)
        .where('account_id', '=', s.accountId)
        .where('direction', '=', 'SENT')
        .executeTakeFirst();
    } else {
      const p = s.person({ profile_id: input.profile_id });
      if (!p) return s.notFound(input);
      inv = await s.lastSent(p);
    }
    if (!inv || inv.status !== 'PENDING') return fail('INVITATION_NOT_FOUND', 'No pending invitation matches.', { result: { ...input } });
    const result = { withdrawn: true, invitation_id: inv.id, profile_id: inv.profile_id };
    const found = inv;
    await s.tx(async (trx) => {
      const r = await trx.updateTable('sandbox_invitations').set({ status: 'WITHDRAWN', resolved_at: s.now }).where('id', '=', found.id).where('status', '=', 'PENDING').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) {
        // A magic `invitation-pending...` profile's invitation exists only in the rules: write it down as withdrawn.
        await trx
          .insertInto('sandbox_invitations')
          .values({
            id: found.id,
            workspace_id: s.workspaceId,
            account_id: s.accountId,
            profile_id: found.profile_id,
            direction: 'SENT',
            status: 'WITHDRAWN',
            message: null,
            request_id: null,
            sent_at: s.now - 86_400_000,
            resolution: null,
            resolves_at: null,
            resolved_at: s.now,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      await s.effect(trx, 'withdraw', found.profile_id, result);
    });
    return { ok: true, result };
  };

  const connections: SimHandler<'connections'> = async (s, input) => {
    const paging = page(input, 40, 100);
    const { start, count } = paging;
    const overlay = await s.db.selectFrom('sandbox_connections').select(['profile_id', 'state', 'changed_at']).where('account_id', '=', s.accountId).execute();
    const removed = new Set(overlay.filter((o) => o.state === 'REMOVED').map((o) => o.profile_id));
    const gained = overlay.filter((o) => o.state === 'CONNECTED').sort((a, b) => Number(b.changed_at) - Number(a.changed_at));
    const all: Array<{ pid: string; at: number | null }> = gained.map((g) => ({ pid: g.profile_id, at: Number(g.changed_at) }));
    const seen = new Set(all.map((a) => a.pid));
    for (const pid of s.self.connection_ids) if (!removed.has(pid) && !seen.has(pid)) all.push({ pid, at: null });
    const words = (input.keywords ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const list = all
      .map(({ pid, at }) => ({ p: s.person({ profile_id: pid })!.profile, at }))
      .filter(({ p }) => words.every((w) => `${p.full_name} ${p.headline} ${p.company.name}`.toLowerCase().includes(w)));
    const slice = list.slice(start, start + count).map(({ p, at }) => ({
      profile_id: p.profile_id,
      public_identifier: p.public_identifier,
      profile_url: p.profile_url,
      first_name: p.first_name,
      last_name: p.last_name,
      full_name: p.full_name,
      headline: p.headline,
      image: p.image,
      connected_at: at,
    }));
    return { ok: true, result: { connections: slice, total: list.length, start, count: slice.length, next_start: nextStart(paging, slice.length, list.length) } };
  };

  /** The account's pending invitations in one direction, newest first, one page of them. */
  const pendingOf = async (s: Sim, direction: 'SENT' | 'RECEIVED', input: { start?: number; count?: number }) => {
    const paging = page(input, 100, 100);
    const rows = await s.db
      .selectFrom('sandbox_invitations')
      .selectAll()
      .where('account_id', '=', s.accountId)
      .where('direction', '=', direction)
      .where('status', '=', 'PENDING')
      .orderBy('sent_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const slice = rows.slice(paging.start, paging.start + paging.count).map((r) => ({ row: r, p: s.person({ profile_id: r.profile_id })!.profile }));
    return { slice, total: rows.length, start: paging.start, next_start: nextStart(paging, slice.length, rows.length) };
  };
  const fieldsOf = (r: { id: string; profile_id: string; sent_at: number }, p: Person['profile']) => ({
    invitation_id: r.id,
    profile_id: r.profile_id,
    first_name: p.first_name,
    last_name: p.last_name,
    public_identifier: p.public_identifier,
    sent_at: Number(r.sent_at),
  });

  const pendingInvites: SimHandler<'pending_invites'> = async (s, input) => {
    const { slice, ...paging } = await pendingOf(s, 'SENT', input);
    return { ok: true, result: { invitations: slice.map(({ row, p }) => ({ ...fieldsOf(row, p), has_note: row.message !== null, message: row.message })), ...paging } };
  };

  const receivedInvitations: SimHandler<'received_invitations'> = async (s, input) => {
    const { slice, ...paging } = await pendingOf(s, 'RECEIVED', input);
    return { ok: true, result: { invitations: slice.map(({ row, p }) => ({ ...fieldsOf(row, p), headline: p.headline, message: row.message })), ...paging } };
  };

  const accept: SimHandler<'accept_invitation'> = async (s, input) => {
    let q = s.db.selectFrom('sandbox_invitations').selectAll().where('account_id', '=', s.accountId).where('direction', '=', 'RECEIVED').where('status', '=', 'PENDING');
    q = input.invitation_id ? q.where('id', '=', input.invitation_id) : q.where('profile_id', '=', input.profile_id ?? '');
    const inv = await q.executeTakeFirst();
    if (!inv) return fail('INVITATION_NOT_FOUND', 'No received invitation matches.', { result: { ...input } });
    const result = { accepted: true, invitation_id: inv.id, profile_id: inv.profile_id };
    await s.tx(async (trx) => {
      await trx.updateTable('sandbox_invitations').set({ status: 'ACCEPTED', resolved_at: s.now }).where('id', '=', inv.id).where('status', '=', 'PENDING').execute();
      await setConnection(trx, s, inv.profile_id, 'CONNECTED');
      await s.effect(trx, 'accept_invitation', inv.profile_id, result);
    });
    return { ok: true, result };
  };

  return {
    connect,
    get_connection_status: connectionStatus,
    disconnect,
    withdraw_invite: withdraw,
    connections,
    pending_invites: pendingInvites,
    received_invitations: receivedInvitations,
    accept_invitation: accept,
  } satisfies Partial<SimTable>;
}

export async function setConnection(trx: STrx, s: { accountId: string; workspaceId: string; now: number }, profileId: string, state: 'CONNECTED' | 'REMOVED'): Promise<void> {
  await trx
    .insertInto('sandbox_connections')
    .values({ account_id: s.accountId, profile_id: profileId, workspace_id: s.workspaceId, state, changed_at: s.now })
    .onConflict((oc) => oc.columns(['account_id', 'profile_id']).doUpdateSet({ state, changed_at: s.now }))
    .execute();
}

export type { Person };
