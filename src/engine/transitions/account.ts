import type { Transaction } from 'kysely';
import { emitEvent } from '../../events/emit.ts';
import { prepared } from '../../store/prepared.ts';
import type { Account, Database } from '../../store/tables.ts';

/**
 * An account's status changes, one small statement each (plus the event it causes). None of them
 * revives a DISCONNECTED account: the owner removed it, whatever was running at the time.
 */

type Trx = Transaction<Database>;

/**
 * The account's lane lease is given back after its run was recorded (the run's own lease guard has
 * just proved the lane is ours); `nextRunAt` sets when its next action may start.
 */
export async function freeLane(trx: Trx, accountId: string, nextRunAt?: number): Promise<void> {
  if (nextRunAt === undefined) await freeOnly(trx, accountId);
  else await freeUntil(trx, nextRunAt, accountId);
}

// After every action: built and compiled once (store/prepared.ts).
const freeOnly = prepared<[accountId: string]>(1, (db, id) => db.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('id', '=', id));
const freeUntil = prepared<[nextRunAt: number, accountId: string]>(2, (db, at, id) =>
  db.updateTable('accounts').set({ lease_owner: null, lease_until: null, next_run_at: at }).where('id', '=', id),
);

/** A login succeeded: the account is ACTIVE with its LinkedIn profile. */
export async function loginSucceeded(trx: Trx, accountId: string, profile: Record<string, unknown>, now: number): Promise<boolean> {
  const r = await trx
    .updateTable('accounts')
    .set((eb) => ({
      status: 'ACTIVE',
      status_reason: null,
      profile: JSON.stringify(profile),
      premium: profile.premium ? 1 : 0,
      activated_at: eb.fn.coalesce('activated_at', eb.val(now)),
      updated_at: now,
    }))
    .where('id', '=', accountId)
    .where('status', '!=', 'DISCONNECTED')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** LinkedIn asked for a verification code: the account waits for login_code. */
export async function loginAwaitsPin(trx: Trx, accountId: string, now: number): Promise<void> {
  await trx.updateTable('accounts').set({ status: 'PIN_REQUIRED', status_reason: 'PIN_REQUIRED', updated_at: now }).where('id', '=', accountId).where('status', '!=', 'DISCONNECTED').execute();
}

/** The login ended without a session (wrong password, wrong PIN, restriction...). */
export async function loginFailed(trx: Trx, accountId: string, code: string, now: number): Promise<void> {
  await trx.updateTable('accounts').set({ status: 'LOGIN_FAILED', status_reason: code, updated_at: now }).where('id', '=', accountId).where('status', '!=', 'DISCONNECTED').execute();
}

/**
 * The account cannot act until its owner reconnects or resumes it (expired session, checkpoint, or
 * the owner's own pause): its requests wait. Emits ACCOUNT_PAUSED. False when it was disconnected.
 */
export async function pauseAccount(trx: Trx, account: Pick<Account, 'id' | 'workspace_id'>, reason: { code: string; message: string }, now: number): Promise<boolean> {
  const r = await trx
    .updateTable('accounts')
    .set({ status: 'PAUSED', status_reason: reason.code, updated_at: now })
    .where('id', '=', account.id)
    .where('status', '!=', 'DISCONNECTED')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await emitEvent(
    trx,
    {
      workspaceId: account.workspace_id,
      accountId: account.id,
      requestId: null,
      type: 'ACCOUNT_PAUSED',
      payload: { event: 'ACCOUNT_PAUSED', event_type: '/api/v1/account_paused', status: reason.code, accountId: account.id, message: reason.message },
    },
    now,
  );
  return true;
}

/**
 * The account is removed: DISCONNECTED, its credentials and cookies deleted, its waiting requests
 * cancelled. A request running right now finishes, but cannot bring the account back.
 */
export async function disconnectAccount(trx: Trx, accountId: string, now: number): Promise<void> {
  await trx
    .updateTable('accounts')
    .set({ status: 'DISCONNECTED', status_reason: 'DISCONNECTED', secrets: null, proxy: null, updated_at: now })
    .where('id', '=', accountId)
    .execute();
  await trx
    .updateTable('requests')
    .set({ status: 'CANCELLED', finished_at: now, error_code: 'ACCOUNT_DISCONNECTED', error_message: 'The account was disconnected.' })
    .where('account_id', '=', accountId)
    .where('status', 'in', ['QUEUED', 'PIN_REQUIRED'])
    .execute();
}

/** When and on which days the account may act (its active hours, in its time zone). */
export async function setSchedule(
  trx: Trx,
  accountId: string,
  schedule: { timezone?: string | null; activeHours?: Record<string, unknown> | null },
  now: number,
): Promise<void> {
  const patch: { updated_at: number; timezone?: string | null; active_hours?: string | null } = { updated_at: now };
  if (schedule.timezone !== undefined) patch.timezone = schedule.timezone;
  if (schedule.activeHours !== undefined) patch.active_hours = schedule.activeHours === null ? null : JSON.stringify(schedule.activeHours);
  await trx.updateTable('accounts').set(patch).where('id', '=', accountId).where('status', '!=', 'DISCONNECTED').execute();
}

/**
 * The owner's budget caps for the account: each category given replaces its override (null: back to
 * the defaults); `null` for all drops every override.
 */
export async function setBudgets(
  trx: Trx,
  accountId: string,
  budgets: Partial<Record<string, Partial<Record<'daily' | 'weekly' | 'monthly', number | null>> | null>> | null,
  now: number,
): Promise<void> {
  let next: Record<string, Record<string, number>> | null = null;
  if (budgets !== null) {
    const row = await trx.selectFrom('accounts').select('budgets').where('id', '=', accountId).executeTakeFirst();
    next = row?.budgets ? (JSON.parse(row.budgets) as Record<string, Record<string, number>>) : {};
    for (const [category, caps] of Object.entries(budgets)) {
      if (caps === undefined) continue;
      if (caps === null) delete next[category];
      else next[category] = Object.fromEntries(Object.entries(caps).filter((e): e is [string, number] => typeof e[1] === 'number'));
    }
  }
  // No override left: the defaults apply (and a sandbox account has no welink budgets again).
  if (next !== null && Object.keys(next).length === 0) next = null;
  await trx
    .updateTable('accounts')
    .set({ budgets: next === null ? null : JSON.stringify(next), updated_at: now })
    .where('id', '=', accountId)
    .where('status', '!=', 'DISCONNECTED')
    .execute();
}
