import { newId } from '../../../lib/ids.ts';
import { SANDBOX_PIN, WRONG_PASSWORD, proxyFails } from '../magic.ts';
import { DAY, HOUR, dice, hashHex } from '../rules.ts';
import { fail } from '../../../actions/outcome.ts';
import { ensureThread, threadIdFor } from '../inbox.ts';
import type { Sim, SimHandler, SimTable } from '../handler-context.ts';

/** login_v2 and the account-level reads (who viewed the profile, Recruiter contracts). */
export function accountHandlers() {
  const login: SimHandler<'login_v2'> = async (s) => {
    const { traits, ctx } = s;
    if (traits.loginFailure === 'PROXY_ERROR' || proxyFails(ctx.account.proxy)) {
      return fail('PROXY_ERROR', 'The proxy could not be reached. Check its settings or use the internal proxy ({"location":"US"}).');
    }
    if ((ctx.account.secrets.password ?? '') === WRONG_PASSWORD) return fail('WRONG_PASSWORD');
    if (traits.loginFailure === 'ACCOUNT_RESTRICTED') return fail('ACCOUNT_RESTRICTED');
    if (traits.loginFailure === 'CHECKPOINT_REQUIRED') return fail('CHECKPOINT_REQUIRED');
    const pin = ctx.account.secrets.pendingPin as string | undefined;
    if (traits.pin && pin === undefined) return fail('PIN_REQUIRED');
    if (pin !== undefined) {
      await ctx.saveSecrets({ pendingPin: undefined });
      if (pin !== SANDBOX_PIN) return fail('WRONG_PIN');
    }
    const self = s.self;
    await s.setState('session', { actions: 0, since: s.now });
    await initialise(s);
    return {
      ok: true,
      result: {
        first_name: self.first_name,
        last_name: self.last_name,
        profile_id: self.profile_id,
        public_identifier: self.public_identifier,
        premium: traits.premium,
        occupation: self.occupation,
        email: ctx.account.email,
        headline: self.headline,
        location: self.location.name,
      },
    };
  };

  const profileViews: SimHandler<'profile_views'> = async (s) => {
    // Viewers are drawn per account and per simulated day, so the list moves as time passes.
    const day = Math.floor(s.now / DAY);
    const pool = s.world.profiles;
    const data = [];
    for (let d = 0; d < 14; d++) {
      const n = Math.floor(dice(s.deps.seed, 'viewers', s.accountId, String(day - d)) * 3);
      for (let i = 0; i < n; i++) {
        const p = pool[Math.floor(dice(s.deps.seed, 'viewer', s.accountId, String(day - d), String(i)) * pool.length)];
        const time = (day - d) * DAY + Math.floor(dice(s.deps.seed, 'view-time', p.profile_id, String(day - d)) * DAY);
        if (time > s.now) continue;
        data.push({
          full_name: p.full_name,
          first_name: p.first_name,
          last_name: p.last_name,
          public_identifier: p.public_identifier,
          profile_id: p.profile_id,
          image: p.image,
          title: p.title,
          company: p.company.name,
          time,
        });
      }
    }
    data.sort((a, b) => b.time - a.time);
    return { ok: true, result: { total: data.length, data } };
  };

  const recruiterContracts: SimHandler<'recruiter_contracts'> = async (s) => {
    const denied = recruiterDenied(s);
    if (denied) return denied;
    const contract = recruiterContract(s);
    return { ok: true, result: { ...contract, contracts: [contract] } };
  };

  return { login_v2: login, profile_views: profileViews, recruiter_contracts: recruiterContracts } satisfies Partial<SimTable>;
}

/** A Recruiter call's failure for this account, or null when it has a working seat. */
export function recruiterDenied(s: Sim) {
  if (!s.traits.recruiter) return fail('RECRUITER_SEAT_REQUIRED', 'This account has no LinkedIn Recruiter seat (sandbox: log in with a "+recruiter" email).');
  const f = s.traits.recruiterFailure;
  return f ? fail(f) : null;
}

export function recruiterContract(s: Sim) {
  return { contract_id: `${100000000 + (parseInt(hashHex(s.deps.seed, 'contract', s.accountId).slice(0, 7), 16) % 900000000)}`, name: `${s.self.company.name} Talent`, category: 'RECRUITER', sso_enabled: false };
}

/**
 * The account's starting inbox and invitations, made once (the first successful login): a few
 * conversations with connections and invitations from 2nd-degree members.
 */
async function initialise(s: Sim): Promise<void> {
  const done = await s.getState<boolean>('initialised');
  if (done) return;
  const self = s.self;
  const conns = self.connection_ids;
  const seconds = s.world.profiles.filter((p) => s.world.degree(s.ctx.account.email, p.profile_id) === 2);
  await s.tx(async (trx) => {
    for (let i = 0; i < Math.min(3, conns.length); i++) {
      const pid = conns[Math.floor(dice(s.deps.seed, 'inbox', s.accountId, String(i)) * conns.length)];
      const id = threadIdFor(s.deps.seed, s.accountId, pid, 'MEMBER');
      const at = s.now - (i + 1) * 20 * HOUR;
      const who = s.world.profileById(pid)!;
      await ensureThread(trx, s, { id, profileId: pid, kind: 'MEMBER', at });
      const exists = await trx.selectFrom('sandbox_messages').select('id').where('thread_id', '=', id).executeTakeFirst();
      if (exists) continue;
      await trx
        .insertInto('sandbox_messages')
        .values({
          id: newId('msg', s.ctx.now),
          thread_id: id,
          workspace_id: s.workspaceId,
          account_id: s.accountId,
          request_id: null,
          from_me: 0,
          sender_profile_id: pid,
          text: `Hi ${self.first_name}, it was good to catch up. Let me know if ${who.company.name} can help with anything.`,
          sent_at: at,
          reply_due_at: null,
        })
        .execute();
      await trx.updateTable('sandbox_threads').set({ unread_count: i === 0 ? 1 : 0, last_activity_at: at }).where('id', '=', id).execute();
    }
    for (let i = 0; i < Math.min(3, seconds.length); i++) {
      const p = seconds[Math.floor(dice(s.deps.seed, 'inviter', s.accountId, String(i)) * seconds.length)];
      const taken = await trx
        .selectFrom('sandbox_invitations')
        .select('id')
        .where('account_id', '=', s.accountId)
        .where('profile_id', '=', p.profile_id)
        .executeTakeFirst();
      if (taken) continue;
      await trx
        .insertInto('sandbox_invitations')
        .values({
          id: `inv_${hashHex(s.deps.seed, 'received', s.accountId, p.profile_id).slice(0, 16)}`,
          workspace_id: s.workspaceId,
          account_id: s.accountId,
          profile_id: p.profile_id,
          direction: 'RECEIVED',
          status: 'PENDING',
          message: i === 0 ? `Hi ${self.first_name}, I'd like to add you to my network.` : null,
          request_id: null,
          sent_at: s.now - (i + 1) * 6 * HOUR,
          resolution: null,
          resolves_at: null,
          resolved_at: null,
        })
        .execute();
    }
    await s.setState('initialised', true, trx);
  });
}
