import type { ResultOf } from '../../../actions/catalogue.ts';
import { fail } from '../../../actions/outcome.ts';
import { isTestProfile, type Person } from '../people.ts';
import type { Sim, SimHandler, SimTable } from '../handler-context.ts';

/** Profile reads and the profile-level writes (view, endorse, follow). */
export function profileHandlers() {
  const details: SimHandler<'get_profile_details'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    return { ok: true, result: await publicProfile(s, p) };
  };

  const contact: SimHandler<'get_profile_contact_details'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    // LinkedIn shows contact info to 1st-degree connections only.
    const first = (await s.degree(p)) === 1;
    const c = p.profile.contact;
    const connection = first ? await s.db.selectFrom('sandbox_connections').select('changed_at').where('account_id', '=', s.accountId).where('profile_id', '=', p.profile.profile_id).executeTakeFirst() : undefined;
    return {
      ok: true,
      result: {
        profile_id: p.profile.profile_id,
        email: first ? c.email : null,
        phone: first ? c.phone : null,
        phones: first && c.phone ? [c.phone] : [],
        websites: [],
        address: null,
        birthday: first ? p.profile.birthday : null,
        connected_at: connection ? Number(connection.changed_at) : null,
      },
    };
  };

  const visit: SimHandler<'visit_profile'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const counted = p.audience === 'world';
    if (counted) {
      const over = await s.budget('profileViews', ['profile_view']);
      if (over) return over;
    }
    const result = { viewed: true, profile_id: p.profile.profile_id, public_identifier: p.profile.public_identifier };
    await s.tx((trx) => s.effect(trx, counted ? 'profile_view' : 'test_profile_view', p.profile.profile_id, result));
    return { ok: true, result };
  };

  const endorse: SimHandler<'endorse'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const pid = p.profile.profile_id;
    if (!isTestProfile(p) && (await s.degree(p)) !== 1) return fail('NOT_CONNECTED', 'Only 1st-degree connections can be endorsed.', { result: { profile_id: pid } });
    const done = await s.db.selectFrom('sandbox_effects').select('payload').where('account_id', '=', s.accountId).where('kind', '=', 'endorse').where('target', '=', pid).execute();
    const endorsed = new Set(done.flatMap((d) => (JSON.parse(d.payload).skills as string[]) ?? []));
    const skills = p.profile.skills.filter((k) => !endorsed.has(k)).slice(0, 3);
    if (skills.length === 0 && !isTestProfile(p)) return fail('NO_SKILLS_TO_ENDORSE', 'Every skill of this profile is endorsed by the account already.', { result: { profile_id: pid } });
    const result = { endorsed: true, profile_id: pid, skills };
    await s.tx((trx) => s.effect(trx, 'endorse', pid, result));
    return { ok: true, result };
  };

  const follow: SimHandler<'follow_profile'> = async (s, input) => {
    const p = s.person(input);
    if (!p) return s.notFound(input);
    const pid = p.profile.profile_id;
    const already = await s.db.selectFrom('sandbox_effects').select('id').where('account_id', '=', s.accountId).where('kind', '=', 'follow').where('target', '=', pid).executeTakeFirst();
    if (already && !isTestProfile(p)) return fail('ALREADY_FOLLOWING', 'The account already follows this profile.', { result: { profile_id: pid } });
    const result = { followed: true, profile_id: pid };
    await s.tx((trx) => s.effect(trx, 'follow', pid, result));
    return { ok: true, result };
  };

  return { get_profile_details: details, get_profile_contact_details: contact, visit_profile: visit, endorse, follow_profile: follow } satisfies Partial<SimTable>;
}

/** A profile as get_profile_details answers it, with the account's relationship to it. */
export async function publicProfile(s: Sim, p: Person): Promise<ResultOf<'get_profile_details'>> {
  const { contact, birthday, work_anniversary, job_started_on, recent_job_change, ...rest } = p.profile;
  const degree = await s.degree(p);
  const last = degree === 1 ? undefined : await s.lastSent(p);
  const pending = last?.status === 'PENDING';
  return {
    ...rest,
    // The world's profiles are frozen; the result is the caller's to keep.
    skills: [...rest.skills],
    location: p.profile.location.name,
    country_code: p.profile.location.country_code,
    company_name: p.profile.company.name,
    experience: [
      {
        title: p.profile.title,
        company: p.profile.company.name,
        company_id: p.profile.company.company_id,
        started_on: job_started_on,
        current: true,
      },
    ],
    degree,
    connection_status: degree === 1 ? 'ALREADY_CONNECTED' : pending ? 'PENDING' : 'NOT_CONNECTED',
    ...(pending ? { invitation_id: last!.id } : {}),
  };
}
