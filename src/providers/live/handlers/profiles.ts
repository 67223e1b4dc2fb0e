import type { RunTable, SessionCheck, VerifyTable } from '../../../actions/provider-contract.ts';
import type { RunContext } from '../../../actions/run-context.ts';
import { graphqlField, text, type Json } from '../voyager-envelope.ts';
import { fail } from '../errors.ts';
import { loginV2 } from '../login.ts';
import { cannotVerify, notSupported, type Live, type Run, type Verify } from '../handler-context.ts';
import { parseMe, publicProfile, readProfile } from '../profile-reader.ts';
import { identityFromUrl, profileUrn, restli } from '../restli.ts';

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

  const contact: Run<'get_profile_contact_details'> = async (ctx, input) => {
    const s = live.session(ctx);
    const vars = restli({ memberIdentity: identity(input), count: 1 });
    const r = await s.call({ path: `graphql?queryId=${q.identityProfiles}&queryName=ProfilesByMemberIdentity&variables=${vars}`, graphql: true, notFound: 'PROFILE_NOT_FOUND' });
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
    const r = await s.call({ path: `feed/dash/followingStates/${key}`, body: { patch: { $set: { following: true } } }, notFound: 'PROFILE_NOT_FOUND' });
    if (!r.ok) return r.fail;
    return { ok: true, result: { followed: true, profile_id: p.profile.profile_id } };
  };

  const followVerify: Verify<'follow_profile'> = async (ctx, input) => {
    const p = await readProfile(live.session(ctx), q, identity(input));
    if (!p.ok) return p.fail.code === 'PROFILE_NOT_FOUND' ? { happened: false } : cannotVerify(p.fail);
    return p.profile.following ? { happened: true, result: { followed: true, profile_id: p.profile.profile_id } } : { happened: false };
  };

  /** Skills of a profile on the legacy tree (the only documented endorsement path) [U]. */
  const skills = async (ctx: RunContext, publicId: string) =>
    live.session(ctx).call({ path: `identity/profiles/${encodeURIComponent(publicId)}/skills?count=100&start=0`, notFound: 'PROFILE_NOT_FOUND' });

  const endorse: Run<'endorse'> = async (ctx, input) => {
    const s = live.session(ctx);
    const p = await readProfile(s, q, identity(input));
    if (!p.ok) return p.fail;
    if (p.profile.relationship !== 'CONNECTED') return fail('NOT_CONNECTED', 'Only 1st-degree connections can be endorsed.', { result: { profile_id: p.profile.profile_id } });
    const publicId = p.profile.public_identifier || p.profile.profile_id;
    const list = await skills(ctx, publicId);
    if (!list.ok) return list.fail;
    const open = (list.data?.elements ?? []).filter((k: Json) => k?.entityUrn && !k.endorsedByViewer).slice(0, 3);
    if (open.length === 0) return fail('NO_SKILLS_TO_ENDORSE', 'This profile lists no skill that is not endorsed already.', { result: { profile_id: p.profile.profile_id } });
    for (const k of open) {
      const r = await s.call({ path: `identity/profiles/${encodeURIComponent(publicId)}/normEndorsements`, body: { skill: { entityUrn: k.entityUrn, name: k.name } }, notFound: 'PROFILE_NOT_FOUND' });
      if (!r.ok) return r.fail;
    }
    return { ok: true, result: { endorsed: true, profile_id: p.profile.profile_id, skills: open.map((k: Json) => String(k.name)) } };
  };

  const endorseVerify: Verify<'endorse'> = async (ctx, input) => {
    const p = await readProfile(live.session(ctx), q, identity(input));
    if (!p.ok) return p.fail.code === 'PROFILE_NOT_FOUND' ? { happened: false } : cannotVerify(p.fail);
    const list = await skills(ctx, p.profile.public_identifier || p.profile.profile_id);
    if (!list.ok) return cannotVerify(list.fail);
    const done = (list.data?.elements ?? []).filter((k: Json) => k?.endorsedByViewer);
    return done.length > 0 ? { happened: true, result: { endorsed: true, profile_id: p.profile.profile_id, skills: done.map((k: Json) => String(k.name)) } } : { happened: false };
  };

  const profileViews: Run<'profile_views'> = async (ctx) => {
    const r = await live.session(ctx).call({ path: 'identity/wvmpCards' });
    if (!r.ok) return r.fail;
    const card = r.data?.elements?.[0]?.value?.['com.linkedin.voyager.identity.me.wvmpOverview.WvmpViewersCard'];
    const summary = card?.insightCards?.[0]?.value?.['com.linkedin.voyager.identity.me.wvmpOverview.WvmpSummaryInsightCard'];
    const viewers: Json[] = Array.isArray(card?.viewers) ? card.viewers : [];
    return {
      ok: true,
      result: {
        total: typeof summary?.numViews === 'number' ? summary.numViews : viewers.length,
        data: viewers.map((v) => {
          const m = v?.viewer ?? v?.miniProfile ?? v ?? {};
          const first = text(m.firstName);
          const last = text(m.lastName);
          return {
            full_name: [first, last].filter(Boolean).join(' '),
            first_name: first,
            last_name: last,
            public_identifier: String(m.publicIdentifier ?? ''),
            profile_id: String(m.dashEntityUrn ?? m.entityUrn ?? '').replace(/^urn:li:(fsd_profile|fs_miniProfile):/, ''),
            image: null,
            title: text(m.occupation),
            company: null,
            time: typeof v?.viewedAt === 'number' ? v.viewedAt : null,
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
    verify: { visit_profile: visitVerify, follow_profile: followVerify, endorse: endorseVerify } satisfies Partial<VerifyTable>,
  };
}
