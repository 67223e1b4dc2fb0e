import type { ResultOf } from '../../../actions/catalogue.ts';
import { nextStart, noteTooLong, page } from '../../../actions/linkedin-rules.ts';
import type { RunTable, VerifyTable } from '../../../actions/provider-contract.ts';
import { text, type Json } from '../voyager-envelope.ts';
import { fail, type Fail } from '../errors.ts';
import { cannotVerify, totalOf, type Live, type Run, type Verify } from '../handler-context.ts';
import { parseProfile, profileUrlOf, readProfile, connectionStatus } from '../profile-reader.ts';
import { identityFromUrl, lastPart, profileIdOf, profileUrn } from '../restli.ts';
import { pages } from '../pages.ts';
import type { Session } from '../session.ts';
import type { QueryIds } from '../query-ids.ts';

/** Invitations, connections and their lists. */
export function networkHandlers(live: Live) {
  const { q } = live;

  const connect: Run<'connect'> = async (ctx, input) => {
    const note = input.message?.trim();
    const tooLong = noteTooLong(note, ctx.account.premium, input.profile_id);
    if (tooLong) return tooLong;
    const s = live.session(ctx);
    // Reading the profile first tells "already connected" and "already pending" apart from a fresh invite, as a person would see them.
    const p = await readProfile(s, q, input.profile_id);
    if (!p.ok) return p.fail;
    if (p.profile.relationship === 'CONNECTED') return fail('ALREADY_CONNECTED', 'This profile is already a 1st-degree connection.', { result: { profile_id: p.profile.profile_id } });
    if (p.profile.relationship === 'PENDING') {
      return fail('INVITATION_ALREADY_PENDING', 'An invitation to this profile is already pending.', { result: { profile_id: p.profile.profile_id, invitation_id: p.profile.invitation_id } });
    }
    const body: Record<string, unknown> = { invitee: { inviteeUnion: { memberProfile: profileUrn(p.profile.profile_id) } } };
    // An empty customMessage may spend a note credit: leave the key out when there is no note.
    if (note) body.customMessage = note;
    const r = await s.call({
      path: `voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreateV2&decorationId=${q.invitationDecoration}`,
      body,
      notFound: 'PROFILE_NOT_FOUND',
      page: pages.profile(p.profile.public_identifier || p.profile.profile_id),
    });
    if (!r.ok) {
      // CANT_RESEND_YET with no invitation pending (the profile read just said so): one was withdrawn within three weeks.
      if (r.fail.result?.linkedin_code === 'CANT_RESEND_YET') {
        return fail('REINVITE_COOLDOWN', 'An invitation to this profile was withdrawn recently; LinkedIn refuses a new one for three weeks after a withdrawal.', { result: { profile_id: p.profile.profile_id } });
      }
      return withProfile(r.fail, p.profile.profile_id);
    }
    const value = r.data?.value ?? r.data?.data?.value ?? {};
    const urn = value.invitationUrn ?? value['*invitation'] ?? value.invitation?.entityUrn;
    if (!urn) return fail('LINKEDIN_ERROR', 'LinkedIn answered the invitation without creating one.');
    return { ok: true, result: { connected: true, profile_id: p.profile.profile_id, invitation_id: lastPart(urn) } };
  };

  const connectVerify: Verify<'connect'> = async (ctx, input) => {
    const s = live.session(ctx);
    const sent = await sentInvitations(s, 0, 100);
    if (!sent.ok) return cannotVerify(sent.fail);
    const inv = sent.invitations.find((i) => i.profile_id === input.profile_id);
    return inv ? { happened: true, result: { connected: true, profile_id: input.profile_id, invitation_id: inv.invitation_id } } : { happened: false };
  };

  const getConnectionStatus: Run<'get_connection_status'> = async (ctx, input) => {
    const s = live.session(ctx);
    const p = await readProfile(s, q, input.profile_id ?? identityFromUrl(input.profile_url ?? ''));
    if (!p.ok) return p.fail;
    const status = connectionStatus(p.profile);
    return { ok: true, result: { connection_status: status, profile_id: p.profile.profile_id, ...(p.profile.invitation_id ? { invitation_id: p.profile.invitation_id } : {}) } };
  };

  /**
   * Removes a 1st-degree connection: `relationships/dash/memberRelationships?action=removeFromMyConnections`
   * with `{connectionUrn: urn:li:fsd_connection:<profile id>}` [S] (voyager.md §8; the decoration and
   * the connection URN's form from Unipile's raw-route documentation and a browser extension).
   */
  const disconnect: Run<'disconnect'> = async (ctx, input) => {
    const s = live.session(ctx);
    const p = await readProfile(s, q, input.profile_id);
    if (!p.ok) return p.fail;
    if (p.profile.relationship !== 'CONNECTED') return fail('NOT_CONNECTED', 'This profile is not a 1st-degree connection.', { result: { profile_id: p.profile.profile_id } });
    const r = await s.call({
      path: `relationships/dash/memberRelationships?action=removeFromMyConnections&decorationId=${q.memberRelationshipDecoration}`,
      body: { connectionUrn: `urn:li:fsd_connection:${p.profile.profile_id}` },
      notFound: 'PROFILE_NOT_FOUND',
      page: pages.profile(p.profile.public_identifier || p.profile.profile_id),
    });
    if (!r.ok) return withProfile(r.fail, p.profile.profile_id);
    return { ok: true, result: { disconnected: true, profile_id: p.profile.profile_id } };
  };

  const disconnectVerify: Verify<'disconnect'> = async (ctx, input) => {
    const p = await readProfile(live.session(ctx), q, input.profile_id);
    if (!p.ok) return p.fail.code === 'PROFILE_NOT_FOUND' ? { happened: false } : cannotVerify(p.fail);
    return p.profile.relationship === 'CONNECTED' ? { happened: false } : { happened: true, result: { disconnected: true, profile_id: p.profile.profile_id } };
  };

  /** The invitation to withdraw: given, or found in the sent list by profile. */
  const findInvitation = async (s: Session, input: { invitation_id?: string; profile_id?: string }) => {
    const sent = await sentInvitations(s, 0, 100);
    if (!sent.ok) return sent;
    const inv = sent.invitations.find((i) => (input.invitation_id ? i.invitation_id === input.invitation_id : i.profile_id === input.profile_id));
    return { ok: true as const, inv };
  };

  const withdrawInvite: Run<'withdraw_invite'> = async (ctx, input) => {
    const ref = { invitation_id: input.invitation_id, profile_id: input.profile_id };
    if (!ref.invitation_id && !ref.profile_id) return fail('INVITATION_NOT_FOUND', 'Give invitation_id or profile_id.');
    const s = live.session(ctx);
    const found = await findInvitation(s, ref);
    if (!found.ok) return found.fail;
    if (!found.inv) {
      if (!ref.invitation_id && ref.profile_id) {
        // Named by a profile LinkedIn does not know: say so rather than "no invitation".
        const p = await readProfile(s, q, ref.profile_id);
        if (!p.ok) return p.fail;
      }
      return fail('INVITATION_NOT_FOUND', 'No pending invitation matches.', { result: { ...ref } });
    }
    const urn = encodeURIComponent(`urn:li:fsd_invitation:${found.inv.invitation_id}`);
    const r = await s.call({ path: `voyagerRelationshipsDashInvitations/${urn}?action=withdraw`, body: { invitationType: 'CONNECTION' }, notFound: 'INVITATION_NOT_FOUND', page: pages.sentInvitations() });
    if (!r.ok) return r.fail;
    return { ok: true, result: { withdrawn: true, invitation_id: found.inv.invitation_id, profile_id: found.inv.profile_id } };
  };

  const withdrawVerify: Verify<'withdraw_invite'> = async (ctx, input) => {
    const found = await findInvitation(live.session(ctx), input);
    if (!found.ok) return cannotVerify(found.fail);
    // Gone from the sent list: withdrawn (by us or meanwhile accepted; either way not to be repeated).
    // The id the request did not name is gone with the invitation: it stays empty.
    return found.inv ? { happened: false } : { happened: true, result: { withdrawn: true, invitation_id: input.invitation_id ?? '', profile_id: input.profile_id ?? '' } };
  };

  const connections: Run<'connections'> = async (ctx, input) => {
    const s = live.session(ctx);
    const paging = page(input, 40, 100);
    const { start, count } = paging;
    const r = await recentConnections(s, q, start, count, input.keywords);
    if (!r.ok) return r.fail;
    const list = r.connections;
    const total = totalOf(r.paging, start, list.length);
    return { ok: true, result: { connections: list, total, start, count: list.length, next_start: nextStart(paging, list.length) } };
  };

  const pendingInvites: Run<'pending_invites'> = async (ctx, input) => {
    const paging = page(input, 100, 100);
    const { start, count } = paging;
    const sent = await sentInvitations(live.session(ctx), start, count);
    if (!sent.ok) return sent.fail;
    const total = totalOf(sent.paging, start, sent.invitations.length);
    return { ok: true, result: { invitations: sent.invitations, total, start, next_start: nextStart(paging, sent.invitations.length) } };
  };

  const receivedInvitations: Run<'received_invitations'> = async (ctx, input) => {
    const paging = page(input, 100, 100);
    const { start, count } = paging;
    const got = await received(live.session(ctx), start, count);
    if (!got.ok) return got.fail;
    const total = totalOf(got.paging, start, got.invitations.length);
    return { ok: true, result: { invitations: got.invitations.map(({ shared_secret, ...rest }) => rest), total, start, next_start: nextStart(paging, got.invitations.length) } };
  };

  const acceptInvitation: Run<'accept_invitation'> = async (ctx, input) => {
    const s = live.session(ctx);
    const got = await received(s, 0, 100);
    if (!got.ok) return got.fail;
    const inv = got.invitations.find((i) => (input.invitation_id ? i.invitation_id === input.invitation_id : i.profile_id === input.profile_id));
    if (!inv) return fail('INVITATION_NOT_FOUND', 'No received invitation matches.', { result: { invitation_id: input.invitation_id, profile_id: input.profile_id } });
    const urn = encodeURIComponent(`urn:li:fsd_invitation:${inv.invitation_id}`);
    const r = await s.call({
      path: `voyagerRelationshipsDashInvitations/${urn}?action=accept`,
      body: { invitationType: 'CONNECTION', sharedSecret: inv.shared_secret },
      notFound: 'INVITATION_NOT_FOUND',
      page: pages.receivedInvitations(),
    });
    if (!r.ok) return r.fail;
    return { ok: true, result: { accepted: true, invitation_id: inv.invitation_id, profile_id: inv.profile_id } };
  };

  const acceptVerify: Verify<'accept_invitation'> = async (ctx, input) => {
    const got = await received(live.session(ctx), 0, 100);
    if (!got.ok) return cannotVerify(got.fail);
    const still = got.invitations.some((i) => (input.invitation_id ? i.invitation_id === input.invitation_id : i.profile_id === input.profile_id));
    // As for withdraw: the id the request did not name left with the invitation.
    return still ? { happened: false } : { happened: true, result: { accepted: true, invitation_id: input.invitation_id ?? '', profile_id: input.profile_id ?? '' } };
  };

  return {
    run: {
      connect,
      get_connection_status: getConnectionStatus,
      disconnect,
      withdraw_invite: withdrawInvite,
      connections,
      pending_invites: pendingInvites,
      received_invitations: receivedInvitations,
      accept_invitation: acceptInvitation,
    } satisfies Partial<RunTable>,
    verify: { connect: connectVerify, disconnect: disconnectVerify, withdraw_invite: withdrawVerify, accept_invitation: acceptVerify } satisfies Partial<VerifyTable>,
  };
}

interface SentInvitation {
  invitation_id: string;
  profile_id: string;
  first_name: string;
  last_name: string;
  public_identifier: string;
  sent_at: number;
  has_note: boolean;
  message: string | null;
}

/** A failure of a call about one profile carries that profile, as the sandbox's do. */
function withProfile(f: Fail, profileId: string): Fail {
  return { ...f, result: { ...f.result, profile_id: profileId } };
}

/** GET relationships/sentInvitationViewsV2, both envelopes: plain `elements[].invitation`, normalized Invitation entities. */
export async function sentInvitations(s: Session, start: number, count: number): Promise<{ ok: true; invitations: SentInvitation[]; paging: Json } | { ok: false; fail: Fail }> {
  const r = await s.call({ path: `relationships/sentInvitationViewsV2?q=invitationType&invitationType=CONNECTION&start=${start}&count=${count}`, page: pages.sentInvitations() });
  if (!r.ok) return r;
  const items: Json[] = (r.data?.elements ?? []).map((e: Json) => e?.invitation ?? e).filter((e: Json) => e && typeof e === 'object');
  return {
    ok: true,
    paging: r.data?.paging,
    invitations: items.map((i) => {
      const mini = i.toMember && typeof i.toMember === 'object' ? i.toMember : i.invitee?.miniProfile && typeof i.invitee.miniProfile === 'object' ? i.invitee.miniProfile : {};
      return {
        invitation_id: lastPart(i.entityUrn),
        profile_id: profileIdOf(i.toMemberId ?? mini.entityUrn ?? i['*toMember']),
        first_name: text(mini.firstName),
        last_name: text(mini.lastName),
        public_identifier: String(mini.publicIdentifier ?? ''),
        sent_at: typeof i.sentTime === 'number' ? i.sentTime : 0,
        has_note: !!i.customMessage,
        // The sent list flags a note (`customMessage: true`); some answers carry its text instead.
        message: typeof i.customMessage === 'string' ? i.customMessage : typeof i.message === 'string' ? i.message : null,
      };
    }),
  };
}

interface ReceivedInvitation {
  invitation_id: string;
  shared_secret: string;
  profile_id: string;
  first_name: string;
  last_name: string;
  headline: string;
  public_identifier: string;
  sent_at: number;
  message: string | null;
}

/** GET relationships/invitationViews?q=receivedInvitation. */
async function received(s: Session, start: number, count: number): Promise<{ ok: true; invitations: ReceivedInvitation[]; paging: Json } | { ok: false; fail: Fail }> {
  const r = await s.call({ path: `relationships/invitationViews?q=receivedInvitation&start=${start}&count=${count}&includeInsights=true`, page: pages.receivedInvitations() });
  if (!r.ok) return r;
  const items: Json[] = (r.data?.elements ?? []).map((e: Json) => e?.invitation ?? e).filter((e: Json) => e && typeof e === 'object');
  return {
    ok: true,
    paging: r.data?.paging,
    invitations: items.map((i) => {
      const from = i.fromMember && typeof i.fromMember === 'object' ? i.fromMember : {};
      return {
        invitation_id: lastPart(i.entityUrn),
        shared_secret: String(i.sharedSecret ?? ''),
        profile_id: profileIdOf(from.dashEntityUrn ?? from.entityUrn ?? i['*fromMember']),
        first_name: text(from.firstName),
        last_name: text(from.lastName),
        headline: text(from.occupation ?? from.headline),
        public_identifier: String(from.publicIdentifier ?? ''),
        sent_at: typeof i.sentTime === 'number' ? i.sentTime : 0,
        message: typeof i.message === 'string' ? i.message : null,
      };
    }),
  };
}

/** One connection as the `connections` action answers it. */
export type Connection = ResultOf<'connections'>['connections'][number];

/** GET relationships/dash/connections, newest first (`sortType=RECENTLY_ADDED`). */
export async function recentConnections(s: Session, q: QueryIds, start: number, count: number, keywords?: string): Promise<{ ok: true; connections: Connection[]; paging: Json } | { ok: false; fail: Fail }> {
  const kw = keywords ? `&keywords=${encodeURIComponent(keywords)}` : '';
  const r = await s.call({ path: `relationships/dash/connections?decorationId=${q.connectionsDecoration}&q=search&sortType=RECENTLY_ADDED&start=${start}&count=${count}${kw}`, page: pages.connections() });
  if (!r.ok) return r;
  const connections = (r.data?.elements ?? []).filter((e: Json) => e && typeof e === 'object').map((c: Json): Connection => {
    const m = c.connectedMemberResolutionResult && typeof c.connectedMemberResolutionResult === 'object' ? parseProfile(c.connectedMemberResolutionResult) : null;
    const id = m?.profile_id || profileIdOf(c.connectedMember);
    return {
      profile_id: id,
      public_identifier: m?.public_identifier ?? '',
      profile_url: m?.public_identifier ? profileUrlOf(m.public_identifier) : '',
      first_name: m?.first_name ?? '',
      last_name: m?.last_name ?? '',
      full_name: m?.full_name ?? '',
      headline: m?.headline ?? '',
      image: m?.image ?? null,
      connected_at: typeof c.createdAt === 'number' ? c.createdAt : null,
    };
  });
  return { ok: true, connections, paging: r.data?.paging };
}
