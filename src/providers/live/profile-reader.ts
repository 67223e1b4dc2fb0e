import type { ResultOf } from '../../actions/catalogue.ts';
import { entitiesOfType, imageUrl, text, type Json } from './voyager-envelope.ts';
import { fail, type Fail } from './errors.ts';
import { pages } from './pages.ts';
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
  country_code: string;
  industry: string;
  about: string;
  image: string | null;
  follower_count: number | null;
  connection_count: number | null;
  premium: boolean;
  open_profile: boolean;
  /** The top position of the profile card (the dash profile has no positions list any more). */
  position: { title: string; company: string; company_id: string } | null;
  /** From memberRelationship: 1st degree, our invitation pending, or neither. */
  relationship: 'CONNECTED' | 'PENDING' | 'NONE';
  /** 1 when connected; otherwise LinkedIn's `memberDistance` when the answer carries one [U], else null. */
  degree: number | null;
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
    page: pages.profile(identity),
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
  const connection = connectionOf(rel);
  const invitation = rel.noConnection?.invitationUnion?.invitation ?? null;
  const relationship = connection ? 'CONNECTED' : invitation?.invitationState === 'PENDING' ? 'PENDING' : 'NONE';
  const top = p.profileTopPosition?.elements?.[0];
  const distance = rel.noConnection?.memberDistance ?? p.memberRelationship?.memberRelationshipData?.noInvitation?.memberDistance;
  return {
    profile_id: profileIdOf(p.entityUrn),
    public_identifier: publicId,
    profile_url: profileUrlOf(publicId),
    first_name: first,
    last_name: last,
    full_name: [first, last].filter(Boolean).join(' '),
    headline: text(p.headline),
    location: text(p.geoLocation?.geo?.defaultLocalizedName) || text(p.locationName),
    country_code: String(p.geoLocation?.geo?.countryISOCode ?? p.location?.countryCode ?? '').toUpperCase(),
    industry: text(p.industry?.name ?? p.industryName),
    about: text(p.summary),
    image: imageUrl(p.profilePicture),
    follower_count: numberOr(p.followingState?.followerCount),
    connection_count: numberOr(p.connections?.paging?.total),
    premium: !!p.premium,
    open_profile: !!p.openProfile,
    position: top && typeof top === 'object' ? { title: text(top.title), company: text(top.companyName), company_id: lastPart(top.companyUrn ?? top.company?.entityUrn) } : null,
    relationship,
    degree: connection ? 1 : typeof distance === 'string' && distance in DISTANCE ? DISTANCE[distance] : null,
    invitation_id: relationship === 'PENDING' && invitation?.entityUrn ? lastPart(invitation.entityUrn) : null,
    connected_at: numberOr(connection?.createdAt),
    following: typeof p.followingState?.following === 'boolean' ? p.followingState.following : null,
  };
}

/**
 * The 1st-degree connection in a relationship union, under any of the keys seen: `connection`
 * (voyager.md §3.1 [C]), `connectedMember` and `connected` (2026 parsers [U]). A bare `true` counts
 * too (no date then).
 */
function connectionOf(rel: Json): { createdAt?: unknown } | null {
  for (const key of ['connection', 'connectedMember', 'connected']) {
    const v = rel?.[key];
    if (v && typeof v === 'object') return v;
    if (v === true) return {};
  }
  return null;
}

const numberOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const DISTANCE: Record<string, number | null> = { DISTANCE_1: 1, DISTANCE_2: 2, DISTANCE_3: 3, OUT_OF_NETWORK: null };

/**
 * What get_profile_details answers. Skills and the full experience live in another GraphQL read
 * (profile components) whose query id is not known for certain: `skills` is empty and `experience`
 * holds the top position only.
 */
export function publicProfile(p: LiveProfile): ResultOf<'get_profile_details'> {
  const pos = p.position;
  return {
    profile_id: p.profile_id,
    public_identifier: p.public_identifier,
    profile_url: p.profile_url,
    first_name: p.first_name,
    last_name: p.last_name,
    full_name: p.full_name,
    headline: p.headline,
    occupation: p.headline,
    title: pos?.title ?? '',
    company: { company_id: pos?.company_id ?? '', name: pos?.company ?? '' },
    company_name: pos?.company ?? '',
    location: p.location,
    country_code: p.country_code,
    industry: p.industry,
    skills: [],
    about: p.about,
    premium: p.premium,
    open_profile: p.open_profile,
    image: p.image,
    connection_count: p.connection_count ?? 0,
    follower_count: p.follower_count ?? 0,
    experience: pos ? [{ title: pos.title, company: pos.company, company_id: pos.company_id, current: true }] : [],
    degree: p.degree,
    connection_status: connectionStatus(p),
    ...(p.invitation_id ? { invitation_id: p.invitation_id } : {}),
    // Beyond the declaration (it allows more): what the live read also knows.
    ...(p.connected_at ? { connected_at: p.connected_at } : {}),
    ...(p.following !== null ? { following: p.following } : {}),
  };
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
