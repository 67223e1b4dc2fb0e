import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import type { Outcome, ProviderHandlers, RunContext, Verification } from '../types.ts';
import { SandboxEffects } from './effects.ts';

/**
 * First form of the simulated LinkedIn: enough behaviour for the engine (login with PIN, invite,
 * message, view) with durable effects so crash tests can count them.
 */
export function createSandboxProvider(opts: { db: Kysely<Database>; seed: string }): ProviderHandlers {
  const effects = new SandboxEffects(opts.db);
  const h = (s: string) => createHash('sha256').update(`${opts.seed}:${s}`).digest('hex');

  const notFound = (id: string): Outcome<never> | null =>
    /not[-_]?found/i.test(id) ? { ok: false, code: 'PROFILE_NOT_FOUND', message: 'Profile not found' } : null;

  const loginV2 = async (ctx: RunContext, input: { email: string; pin?: string }): Promise<Outcome<unknown>> => {
    const email = ctx.account.email;
    const password = ctx.account.secrets.password ?? '';
    if (password === 'wrong-password') return { ok: false, code: 'WRONG_PASSWORD', message: 'wrong password' };
    const pin = ctx.account.secrets.pendingPin as string | undefined;
    if (/\+pin@/i.test(email) && !pin) return { ok: false, code: 'PIN_REQUIRED', message: 'Please provide the verification code sent to the user' };
    if (pin !== undefined && pin !== '123456') {
      await ctx.saveSecrets({ pendingPin: undefined });
      return { ok: false, code: 'WRONG_PIN', message: 'The verification code is wrong.' };
    }
    if (pin !== undefined) await ctx.saveSecrets({ pendingPin: undefined });
    const local = email.split('@')[0].replace(/\+.*$/, '');
    const [first, last] = local.includes('.') ? local.split('.') : [local, 'Sandbox'];
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    return {
      ok: true,
      result: {
        first_name: cap(first),
        last_name: cap(last ?? 'Sandbox'),
        profile_id: `ACoAA${h(email).slice(0, 34)}`,
        public_identifier: `${first}-${(last ?? 'sandbox').toLowerCase()}-${h(email).slice(0, 5)}`,
        premium: /premium/i.test(email),
        occupation: 'Sandbox member',
        email,
      },
    };
  };

  const sideEffect =
    <I extends { profile_id?: string; profile_url?: string; message?: string }>(kind: string, build: (ctx: RunContext, input: I) => unknown) =>
    async (ctx: RunContext, input: I): Promise<Outcome<unknown>> => {
      const target = input.profile_id ?? input.profile_url ?? '';
      const nf = notFound(target);
      if (nf) return nf;
      const result = build(ctx, input);
      await effects.record({ workspaceId: ctx.account.workspaceId, accountId: ctx.account.id, requestId: ctx.requestId, kind, target, payload: result, now: ctx.now });
      return { ok: true, result };
    };

  const verifyBy =
    (kind: string) =>
    async (ctx: RunContext): Promise<Verification<unknown>> => {
      const e = await effects.byRequest(ctx.requestId, kind);
      return e ? { happened: true, result: e.payload } : { happened: false };
    };

  return {
    run: {
      login_v2: loginV2 as ProviderHandlers['run'][string],
      connect: sideEffect('invitation', (ctx, input) => ({ connected: true, profile_id: input.profile_id, invitation_id: `inv_${h(ctx.requestId).slice(0, 12)}` })),
      send_message_to_profile_id: sideEffect('message', (ctx, input) => ({
        thread_id: `2-${h(`${ctx.account.id}:${input.profile_id}`).slice(0, 16)}`,
        message_id: `msg_${h(ctx.requestId).slice(0, 16)}`,
        sent_at: ctx.now,
      })),
      visit_profile: sideEffect('profile_view', (_ctx, input) => ({ viewed: true, profile_id: input.profile_id ?? `ACoAA${h(input.profile_url ?? '').slice(0, 34)}` })),
    },
    verify: {
      connect: verifyBy('invitation'),
      send_message_to_profile_id: verifyBy('message'),
      visit_profile: verifyBy('profile_view'),
    },
  };
}
