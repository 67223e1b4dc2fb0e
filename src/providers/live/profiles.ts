import { entitiesOfType, imageUrl, text, type Json } from './envelope.ts';
import { fail, type Fail } from './errors.ts';
import type { QueryIds } from './query-ids.ts';
import { lastPart, profileIdOf } from './restli.ts';
import type { Session } from './session.ts';

/** A profile as our results name its fields, read from the dash profile. */
export interface LiveProfile {
  profile_id: string;
  public_identifier: string;
  profile_url: string;
  first_name: string;
  last_name: string;
  full_name: string;
  headline: string;
  location: string;
  image: string | null;
  follower_count: number | null;
  connection_count: number | null;
  premium: boolean;
  company: string | null;
  /** From memberRelationship: 1st degree, our invitation pending, or neither. */
  relationship: 'CONNECTED' | 'PENDING' | 'NONE';
  invitation_id: string | null;
  connected_at: number | null;
  following: boolean | null;
}

export function profileUrlOf(publicId: string): string {
  return `https://www.linkedin.com/in/${publicId}`;
}

/**
 * Reads a profile by public id (slug) or member id through `identity/dash/profiles?q=memberIdentity`.
 * An empty collection, a 404 or a `{"status":404}` body all mean PROFILE_NOT_FOUND.
 */
export async function readProfile(s: Session, q: QueryIds, identity: string): Promise<{ ok: true; profile: LiveProfile; raw: Json } | { ok: false; fail: Fail }> {
  const r = await s.call({
    path: `identity/dash/profiles?q=memberIdentity&memberIdentity=${encodeURIComponent(identity)}&decorationId=${q.profileDecoration}`,
    notFound: 'PROFILE_NOT_FOUND',
  });
  if (!r.ok) return r;
  const elements: Json[] = Array.isArray(r.data?.elements) ? r.data.elements.filter((e: Json) => e && typeof e === 'object') : [];
  const raw = elements[0] ?? entitiesOfType(r.data, 'identity.profile.Profile')[0];
  if (!raw) return { ok: false, fail: fail('PROFILE_NOT_FOUND', 'Profile not found') };
  return { ok: true, profile: parseProfile(raw), raw };
}

export function parseProfile(p: Json): LiveProfile {
  const first = text(p.firstName);
  const last = text(p.lastName);
  const publicId = String(p.publicIdentifier ?? '');
  const rel = p.memberRelationship?.memberRelationshipUnion ?? p.memberRelationship?.memberRelationship ?? {};
  const invitation = rel.noConnection?.invitationUnion?.invitation ?? null;
  const relationship = rel.connection ? 'CONNECTED' : invitation?.invitationState === 'PENDING' ? 'PENDING' : 'NONE';
  return {
    profile_id: profileIdOf(p.entityUrn),
    public_identifier: publicId,
    profile_url: profileUrlOf(publicId),
    first_name: first,
    last_name: last,
    full_name: [first, last].filter(Boolean).join(' '),
    headline: text(p.headline),
    location: text(p.geoLocation?.geo?.defaultLocalizedName) || text(p.locationName),
    image: imageUrl(p.profilePicture),
    follower_count: numberOr(p.followingState?.followerCount),
    connection_count: numberOr(p.connections?.paging?.total),
    premium: !!p.premium,
    company: p.profileTopPosition?.elements?.[0]?.companyName ?? null,
    relationship,
    invitation_id: relationship === 'PENDING' && invitation?.entityUrn ? lastPart(invitation.entityUrn) : null,
    connected_at: numberOr(rel.connection?.createdAt),
    following: typeof p.followingState?.following === 'boolean' ? p.followingState.following : null,
  };
}

const numberOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The public part of a LiveProfile (what get_profile_details answers). */
export function publicProfile(p: LiveProfile): Record<string, unknown> {
  const { relationship, invitation_id, connected_at, following, ...rest } = p;
  const degree = relationship === 'CONNECTED' ? 1 : null;
  return { ...rest, degree, connection_status: connectionStatus(p), ...(connected_at ? { connected_at } : {}), ...(following !== null ? { following } : {}), ...(invitation_id ? { invitation_id } : {}) };
}

/** We-Link's get_connection_status values. */
export function connectionStatus(p: LiveProfile): 'ALREADY_CONNECTED' | 'PENDING' | 'NOT_CONNECTED' {
  return p.relationship === 'CONNECTED' ? 'ALREADY_CONNECTED' : p.relationship === 'PENDING' ? 'PENDING' : 'NOT_CONNECTED';
}

/** The account's own profile id (the messaging mailbox), from the stored profile or from /me. */
export async function myProfileId(s: Session): Promise<{ ok: true; id: string } | { ok: false; fail: Fail }> {
  const stored = s.ctx.account.profile?.profile_id;
  if (typeof stored === 'string' && stored) return { ok: true, id: stored };
  const me = await s.probe();
  if (!me.ok) return me;
  const self = parseMe(me.me);
  if (!self.profile_id) return { ok: false, fail: fail('OWN_PROFILE_ID_NOT_FOUND', 'LinkedIn did not tell the account its own profile id.') };
  return { ok: true, id: self.profile_id };
}

/** /me in either envelope → our login / me result fields. */
export function parseMe(me: Json): { first_name: string; last_name: string; profile_id: string; public_identifier: string; occupation: string; premium: boolean; plain_id: string } {
  const mini = me?.miniProfile ?? entitiesOfType(me, 'MiniProfile')[0] ?? {};
  return {
    first_name: text(mini.firstName),
    last_name: text(mini.lastName),
    profile_id: profileIdOf(mini.dashEntityUrn ?? mini.entityUrn),
    public_identifier: String(mini.publicIdentifier ?? ''),
    occupation: text(mini.occupation),
    premium: !!me?.premiumSubscriber,
    plain_id: String(me?.plainId ?? ''),
  };
}
