import type { RunTable, SessionCheck, VerifyTable } from '../../../actions/provider-contract.ts';
import { graphqlField, text, type Json } from '../voyager-envelope.ts';
import { fail } from '../errors.ts';
import { loginV2 } from '../login.ts';
import { cannotVerify, neverHappened, notSupported, type Live, type Run, type Verify } from '../handler-context.ts';
import { pages } from '../pages.ts';
import { parseMe, publicProfile, readProfile } from '../profile-reader.ts';
import { identityFromUrl, profileIdOf, profileUrn, restli } from '../restli.ts';

type Target = { profile_id?: string; profile_url?: string };
const identity = (i: Target) => i.profile_id ?? identityFromUrl(i.profile_url ?? '');
const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The account itself, profile reads and the profile-level writes (endorse, follow). */
export function profileHandlers(live: Live) {
  const { q } = live;

  const login: Run<'login_v2'> = async (ctx, input) => loginV2(live.session(ctx), input.email ?? ctx.account.email);

  /** Who the session belongs to (GET /me); connect_account_cookies asks it before storing cookies. */
  const checkSession: SessionCheck = async (ctx) => {
    const probe = await live.session(ctx).probe();
    if (!probe.ok) return probe.fail;
    const p = parseMe(probe.me);
    return {
      ok: true,
      result: {
        first_name: p.first_name,
        last_name: p.last_name,
        full_name: [p.first_name, p.last_name].filter(Boolean).join(' '),
        headline: p.occupation,
        location: '',
        is_premium: p.premium,
        profile_id: p.profile_id,
        public_identifier: p.public_identifier,
      },
    };
  };

  const details: Run<'get_profile_details'> = async (ctx, input) => {
    const p = await readProfile(live.session(ctx), q, identity(input));
    if (!p.ok) return p.fail;
    return { ok: true, result: publicProfile(p.profile) };
  };

  /** A profile read is itself recorded as a visit by LinkedIn [U]; there is no separate view call any more. */
  const visit: Run<'visit_profile'> = async (ctx, input) => {
    const p = await readProfile(live.session(ctx), q, identity(input));
    if (!p.ok) return p.fail;
    return { ok: true, result: { viewed: true, profile_id: p.profile.profile_id, public_identifier: p.profile.public_identifier } };
  };

  // Viewing twice is harmless (LinkedIn counts viewers, not views): after a crash, view again.
  const visitVerify: Verify<'visit_profile'> = async () => ({ happened: false });

  /** Contact details: the GraphQL `voyagerIdentityDashProfiles` read keyed by `memberIdentity` (voyager.md §8 [S]). */
  const contact: Run<'get_profile_contact_details'> = async (ctx, input) => {
    const s = live.session(ctx);
    const who = identity(input);
    const vars = restli({ memberIdentity: who, count: 1 });
    const r = await s.call({ path: `graphql?queryId=${q.identityProfiles}&queryName=ProfilesByMemberIdentity&variables=${vars}`, graphql: true, notFound: 'PROFILE_NOT_FOUND', page: pages.profile(who) });
    if (!r.ok) return r.fail;
    const p: Json = graphqlField(r.json, /^identityDashProfilesByMemberIdentity/)?.elements?.[0];
    if (!p || typeof p !== 'object') return fail('PROFILE_NOT_FOUND', 'Profile not found', { result: { profile_id: input.profile_id ?? input.profile_url ?? null } });
    const phones: Json[] = Array.isArray(p.phoneNumbers) ? p.phoneNumbers : [];
    const sites: Json[] = Array.isArray(p.websites) ? p.websites : [];
    const birth = p.birthDateOn;
    return {
      ok: true,
      result: {
        profile_id: String(p.entityUrn ?? '').replace(/^urn:li:fsd_profile:/, ''),
        email: p.emailAddress?.emailAddress ?? (typeof p.emailAddress === 'string' ? p.emailAddress : null),
        phone: phones[0]?.phoneNumber?.number ?? phones[0]?.number ?? null,
        phones: phones.map((x) => x?.phoneNumber?.number ?? x?.number).filter(Boolean),
        websites: sites.map((w) => w?.url).filter(Boolean),
        address: typeof p.address === 'string' ? p.address : null,
        birthday: birth && typeof birth.month === 'number' ? { month: birth.month, day: birth.day } : null,
        connected_at: numberOrNull(p.memberRelationship?.memberRelationshipDataResolutionResult?.connection?.createdAt),
      },
    };
  };

  const follow: Run<'follow_profile'> = async (ctx, input) => {
    const s = live.session(ctx);
    const p = await readProfile(s, q, identity(input));
    if (!p.ok) return p.fail;
    if (p.profile.following) return fail('ALREADY_FOLLOWING', 'The account already follows this profile.', { result: { profile_id: p.profile.profile_id } });
    const key = encodeURIComponent(`urn:li:fsd_followingState:${profileUrn(p.profile.profile_id)}`);
    const r = await s.call({ path: `feed/dash/followingStates/${key}`, body: { patch: { $set: { following: true } } }, notFound: 'PROFILE_NOT_FOUND', page: pages.profile(p.profile.public_identifier || p.profile.profile_id) });
    if (!r.ok) return r.fail;
    return { ok: true, result: { followed: true, profile_id: p.profile.profile_id } };
  };

  const followVerify: Verify<'follow_profile'> = async (ctx, input) => {
    const p = await readProfile(live.session(ctx), q, identity(input));
    if (!p.ok) return p.fail.code === 'PROFILE_NOT_FOUND' ? { happened: false } : cannotVerify(p.fail);
    return p.profile.following ? { happened: true, result: { followed: true, profile_id: p.profile.profile_id } } : { happened: false };
  };

  /**
   * The web app endorses through a server-driven UI action with no public wire form; the legacy
   * `identity/profiles/{id}/skills` and `normEndorsements` paths are on the retiring tree (voyager.md
   * §8). Nothing is sent to LinkedIn.
   */
  const endorse: Run<'endorse'> = notSupported('endorse', 'LinkedIn endorses only through its server-driven web UI, whose calls are not public; welink does not call the retired legacy path.');

  const profileViews: Run<'profile_views'> = async (ctx) => {
    const r = await live.session(ctx).call({ path: 'identity/wvmpCards', page: pages.profileViews() });
    if (!r.ok) return r.fail;
    const { total, viewers } = profileViewers(r.data);
    return {
      ok: true,
      result: {
        total,
        data: viewers.map(({ mini: m, at }) => {
          const first = text(m.firstName);
          const last = text(m.lastName);
          return {
            full_name: [first, last].filter(Boolean).join(' '),
            first_name: first,
            last_name: last,
            public_identifier: String(m.publicIdentifier ?? ''),
            profile_id: profileIdOf(m.dashEntityUrn ?? m.entityUrn),
            image: null,
            title: text(m.occupation),
            company: null,
            time: at,
          };
        }),
      },
    };
  };

  return {
    checkSession,
    run: {
      login_v2: login,
      recruiter_contracts: notSupported('Recruiter (recruiter_contracts)'),
      get_profile_details: details,
      get_profile_contact_details: contact,
      visit_profile: visit,
      follow_profile: follow,
      endorse,
      profile_views: profileViews,
    } satisfies Partial<RunTable>,
    verify: { visit_profile: visitVerify, follow_profile: followVerify, endorse: neverHappened } satisfies Partial<VerifyTable>,
  };
}

const VIEWERS_CARD = 'com.linkedin.voyager.identity.me.wvmpOverview.WvmpViewersCard';
const SUMMARY_CARD = 'com.linkedin.voyager.identity.me.wvmpOverview.WvmpSummaryInsightCard';
const PROFILE_VIEW_CARD = 'com.linkedin.voyager.identity.me.WvmpProfileViewCard';
const PRIVATE_VIEWER = 'com.linkedin.voyager.identity.me.PrivateProfileViewer';

/**
 * Who viewed the account's profile, from `identity/wvmpCards`: `elements[].value[WvmpViewersCard]
 * .insightCards[].value[WvmpSummaryInsightCard].cards[].value[WvmpProfileViewCard].viewer[<a
 * FullProfileViewer union key>].profile.miniProfile` [S] (eisbaw/linkedin-rs `re/profile_viewers.md`,
 * validated 2026-03, and a TypeScript parser of the same shape). Private and aggregated viewers
 * (`PrivateProfileViewer`, `WvmpGenericCard`) name nobody: they count in `total` only when LinkedIn
 * gives no `numViews`.
 */
export function profileViewers(data: Json): { total: number; viewers: { mini: Json; at: number | null }[] } {
  const viewers: { mini: Json; at: number | null }[] = [];
  let numViews: number | null = null;
  let anonymous = 0;
  for (const el of Array.isArray(data?.elements) ? data.elements : []) {
    for (const insight of el?.value?.[VIEWERS_CARD]?.insightCards ?? []) {
      const summary = insight?.value?.[SUMMARY_CARD];
      if (!summary) continue;
      if (typeof summary.numViews === 'number') numViews = Math.max(numViews ?? 0, summary.numViews);
      for (const card of Array.isArray(summary.cards) ? summary.cards : []) {
        const view = card?.value?.[PROFILE_VIEW_CARD];
        if (!view) {
          if (card?.value?.[PRIVATE_VIEWER]) anonymous++;
          continue;
        }
        // The viewer is a union keyed by its type (FullProfileViewer, WvmpFullProfileViewer, …).
        const union = view.viewer && typeof view.viewer === 'object' ? view.viewer : {};
        const mini = Object.values(union as Record<string, Json>).map((v) => v?.profile?.miniProfile).find((m) => m && typeof m === 'object');
        if (mini) viewers.push({ mini, at: typeof view.viewedAt === 'number' ? view.viewedAt : null });
        else anonymous++;
      }
    }
  }
  return { total: numViews ?? viewers.length + anonymous, viewers };
}
