import type { Transaction } from 'kysely';
import { budgetsOf } from '../../actions/catalogue.ts';
import type { BudgetCategory } from '../../actions/budgets.ts';
import type { FailureCode } from '../../actions/failures.ts';
import { emitEvent } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import type { Account, Database } from '../../store/tables.ts';
import { pauseAccount } from './account.ts';

/**
 * Holds: how the engine stops sending an account's work to LinkedIn when LinkedIn pushes back.
 * An account hold (HTTP 429 throttling, 999 bot suspicion) stops every call of the account until it
 * ends, whatever the pacing says: its lane is not due before then. A category hold (the weekly
 * invitation limit, welink's own budget of one category) stops only that category: its queued
 * requests wait, the account's other requests go on. Every hold is logged (repeats escalate) and
 * announced with ACCOUNT_HELD.
 */

type Trx = Transaction<Database>;

export interface HoldPolicy {
  /** First hold after a 429; doubles on each repeat within a day, up to a day. */
  throttledMs: number;
  /** Hold after a 999; a second 999 within a day pauses the account instead. */
  botSuspicionMs: number;
}

export const DEFAULT_HOLD_POLICY: HoldPolicy = { throttledMs: 15 * 60_000, botSuspicionMs: 6 * 3_600_000 };

/** The hold policy of the settings (WELINK_HOLD_AFTER_429_MINUTES, WELINK_HOLD_AFTER_999_HOURS). */
export function holdPolicyOf(config: { holdAfter429Minutes: number; holdAfter999Hours: number }): HoldPolicy {
  return { throttledMs: config.holdAfter429Minutes * 60_000, botSuspicionMs: config.holdAfter999Hours * 3_600_000 };
}

const DAY = 86_400_000;

export type AccountHoldKind = 'THROTTLED' | 'BOT_SUSPICION';

const REASON: Record<AccountHoldKind, FailureCode> = { THROTTLED: 'LINKEDIN_THROTTLED', BOT_SUSPICION: 'LINKEDIN_BOT_SUSPICION' };

/** Holds of one reason the account was put under since `since`. */
async function recentHolds(trx: Trx, accountId: string, reason: string, since: number): Promise<number> {
  const row = await trx
    .selectFrom('account_holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('reason', '=', reason)
    .where('started_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function logHold(trx: Trx, account: Pick<Account, 'id' | 'workspace_id'>, h: { scope: string; reason: string; requestId: string | null; until: number | null }, now: number): Promise<void> {
  await trx
    .insertInto('account_holds')
    .values({ id: newId('hld', now), workspace_id: account.workspace_id, account_id: account.id, scope: h.scope, reason: h.reason, request_id: h.requestId, started_at: now, until: h.until })
    .execute();
}

async function announce(trx: Trx, account: Pick<Account, 'id' | 'workspace_id'>, h: { scope: string; reason: string; until: number; message: string }, now: number): Promise<void> {
  await emitEvent(
    trx,
    {
      workspaceId: account.workspace_id,
      accountId: account.id,
      requestId: null,
      type: 'ACCOUNT_HELD',
      payload: { event: 'ACCOUNT_HELD', event_type: '/api/v1/account_held', status: h.reason, accountId: account.id, scope: h.scope, until: new Date(h.until).toISOString(), message: h.message },
    },
    now,
  );
}

/**
 * LinkedIn pushed back on the whole account. After a 429: held for the policy's time, doubled on
 * each repeat within a day (at most a day). After a 999: held for at least the policy's time; a
 * second 999 within a day pauses the account (LINKEDIN_THROTTLED) until its owner resumes it.
 * `retryAt` (LinkedIn's own Retry-After) lengthens a hold, never shortens it.
 */
export async function holdAccount(
  trx: Trx,
  account: Pick<Account, 'id' | 'workspace_id'>,
  o: { kind: AccountHoldKind; requestId: string | null; retryAt?: number; policy: HoldPolicy },
  now: number,
): Promise<{ held: number } | { paused: true }> {
  const reason = REASON[o.kind];
  const repeats = await recentHolds(trx, account.id, reason, now - DAY);
  if (o.kind === 'BOT_SUSPICION' && repeats > 0) {
    await logHold(trx, account, { scope: 'account', reason, requestId: o.requestId, until: null }, now);
    await pauseAccount(
      trx,
      account,
      { code: 'LINKEDIN_THROTTLED', message: 'LinkedIn suspected automation on this account twice within a day (HTTP 999): it is paused until its owner resumes it (resume_account). Slow it down first.' },
      now,
    );
    return { paused: true };
  }
  const base = o.kind === 'THROTTLED' ? Math.min(DAY, o.policy.throttledMs * 2 ** repeats) : o.policy.botSuspicionMs;
  const until = Math.max(now + base, o.retryAt ?? 0);
  await trx
    .updateTable('accounts')
    .set((eb) => ({
      hold_until: until,
      hold_reason: reason,
      next_run_at: eb.case().when('next_run_at', '<', until).then(until).else(eb.ref('next_run_at')).end(),
      updated_at: now,
    }))
    .where('id', '=', account.id)
    .where('status', '!=', 'DISCONNECTED')
    .execute();
  await logHold(trx, account, { scope: 'account', reason, requestId: o.requestId, until }, now);
  const minutes = Math.round((until - now) / 60_000);
  await announce(
    trx,
    account,
    { scope: 'account', reason, until, message: `${o.kind === 'THROTTLED' ? 'LinkedIn throttled this account (HTTP 429)' : 'LinkedIn suspected automation on this account (HTTP 999)'}: nothing is sent to LinkedIn for it for ${minutes} minutes; its requests wait in order.` },
    now,
  );
  return { held: until };
}

export interface CategoryHold {
  until: number;
  reason: string;
}

/** The account's category holds still running at `now`. */
export function activeCategoryHolds(account: Pick<Account, 'category_holds'>, now: number): Partial<Record<BudgetCategory, CategoryHold>> {
  if (!account.category_holds) return {};
  const all = JSON.parse(account.category_holds) as Partial<Record<BudgetCategory, CategoryHold>>;
  const active: Partial<Record<BudgetCategory, CategoryHold>> = {};
  for (const [c, h] of Object.entries(all) as [BudgetCategory, CategoryHold][]) if (h.until > now) active[c] = h;
  return active;
}

/** The hold a new request of these budget categories starts under, if any: the latest-ending one. */
export function holdFor(categories: readonly BudgetCategory[], holds: Partial<Record<BudgetCategory, CategoryHold>>): CategoryHold | null {
  let found: CategoryHold | null = null;
  for (const c of categories) {
    const h = holds[c];
    if (h && (!found || h.until > found.until)) found = h;
  }
  return found;
}

/**
 * One category of the account is held until `until` (LinkedIn refused it, or welink's budget of it
 * is spent): the account's queued requests that spend it wait until then, with the reason; the
 * others go on. Called in the lane's own run, so nothing else writes the account's holds meanwhile.
 */
export async function holdCategory(
  trx: Trx,
  account: Pick<Account, 'id' | 'workspace_id'>,
  o: { category: BudgetCategory; until: number; reason: { code: FailureCode; message: string }; requestId: string | null },
  now: number,
): Promise<void> {
  const row = await trx.selectFrom('accounts').select('category_holds').where('id', '=', account.id).executeTakeFirst();
  if (!row) return;
  const before = activeCategoryHolds(row, now);
  const fresh = !before[o.category];
  const holds = { ...before, [o.category]: { until: Math.max(o.until, before[o.category]?.until ?? 0), reason: o.reason.code } };
  await trx.updateTable('accounts').set({ category_holds: JSON.stringify(holds), updated_at: now }).where('id', '=', account.id).execute();
  const queued = await trx.selectFrom('requests').select(['id', 'action', 'input', 'not_before']).where('account_id', '=', account.id).where('status', '=', 'QUEUED').execute();
  const waiting = queued.filter((r) => Number(r.not_before) < o.until && budgetsOf(r.action, JSON.parse(r.input) as Record<string, unknown>).includes(o.category)).map((r) => r.id);
  if (waiting.length > 0) {
    await trx
      .updateTable('requests')
      .set({ not_before: o.until, error_code: o.reason.code, error_message: o.reason.message })
      .where('id', 'in', waiting)
      .where('status', '=', 'QUEUED')
      .execute();
  }
  // A hold already running is only lengthened: it was logged and announced when it began.
  if (!fresh) return;
  await logHold(trx, account, { scope: o.category, reason: o.reason.code, requestId: o.requestId, until: o.until }, now);
  await announce(trx, account, { scope: o.category, reason: o.reason.code, until: o.until, message: o.reason.message }, now);
}

/** The account's holds running now, for get_ln_account_details, waitingFor and the console. */
export function activeHolds(account: Pick<Account, 'hold_until' | 'hold_reason' | 'category_holds'>, now: number): { scope: string; code: string; until: string }[] {
  const out: { scope: string; code: string; until: string }[] = [];
  if (account.hold_until !== null && Number(account.hold_until) > now) out.push({ scope: 'account', code: account.hold_reason ?? 'HELD', until: new Date(Number(account.hold_until)).toISOString() });
  for (const [scope, h] of Object.entries(activeCategoryHolds(account, now))) out.push({ scope, code: h!.reason, until: new Date(h!.until).toISOString() });
  return out;
}
