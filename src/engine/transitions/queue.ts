import type { Kysely, Transaction } from 'kysely';
import { actionByName, isLoginAction } from '../../actions/catalogue.ts';
import { emitEvent } from '../../events/emit.ts';
import { requestEnvelope } from '../../events/envelope.ts';
import type { Sealer } from '../../lib/secrets.ts';
import { accountIdsInLockOrder } from '../../store/locks.ts';
import type { Database, RequestRow, RequestState } from '../../store/tables.ts';
import { lockAccount } from '../accounts.ts';

/** Changes to requests that are not running: cancelling, resuming a login, moving waits, handing back. */

type Trx = Transaction<Database>;

export type CancelResult = { ok: true; request: RequestRow; envelope: Record<string, unknown> } | { ok: false; status: RequestState | null };

/**
 * Cancels a queued request of the workspace and emits REQUEST_CANCELLED. A running or finished one
 * is not touched (`status` says what it is); a missing or foreign one answers `status: null`.
 */
export async function cancelQueued(trx: Trx, workspaceId: string, requestId: string, now: number): Promise<CancelResult> {
  const req = await trx.selectFrom('requests').selectAll().where('id', '=', requestId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!req) return { ok: false, status: null };
  const r = await trx.updateTable('requests').set({ status: 'CANCELLED', finished_at: now }).where('id', '=', requestId).where('status', '=', 'QUEUED').executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return { ok: false, status: req.status };
  const cancelled: RequestRow = { ...req, status: 'CANCELLED', finished_at: now };
  const envelope = requestEnvelope(cancelled, actionByName(req.action));
  await emitEvent(trx, { workspaceId, accountId: req.account_id, requestId, type: 'REQUEST_CANCELLED', payload: envelope }, now);
  return { ok: true, request: cancelled, envelope };
}

export type ResumeLoginResult = 'resumed' | 'account_not_found' | 'request_not_found' | { conflict: RequestState };

/**
 * login_code: the login waiting for a PIN goes back to the queue with the code (sealed with the
 * account's other secrets) and the account back to CONNECTING; the engine runs it again.
 */
export async function resumeLoginWithPin(
  trx: Trx,
  sealer: Sealer,
  o: { workspaceId: string; accountId: string; requestId: string; pin: string },
  now: number,
): Promise<ResumeLoginResult> {
  const account = await lockAccount(trx, o.workspaceId, o.accountId);
  if (!account || account.status === 'DISCONNECTED') return 'account_not_found';
  const req = await trx.selectFrom('requests').selectAll().where('id', '=', o.requestId).where('account_id', '=', account.id).executeTakeFirst();
  const action = req ? actionByName(req.action) : undefined;
  if (!req || !action || !isLoginAction(action.name)) return 'request_not_found';
  if (req.status !== 'PIN_REQUIRED') return { conflict: req.status };
  const secrets = account.secrets ? sealer.openJson<Record<string, unknown>>(account.secrets) : {};
  await trx
    .updateTable('accounts')
    .set({ status: 'CONNECTING', secrets: sealer.sealJson({ ...secrets, pendingPin: o.pin }), updated_at: now })
    .where('id', '=', account.id)
    .execute();
  // A fresh attempt that posts the code, not the password: not an interrupted login.
  await trx.updateTable('requests').set({ status: 'QUEUED', effect_started_at: null }).where('id', '=', req.id).where('status', '=', 'PIN_REQUIRED').execute();
  return 'resumed';
}

/**
 * Sandbox time moved forward by `byMs`: what waits in the workspace waits in engine time, so every
 * wait shortens by the same amount (never into the past): requests held for a LinkedIn budget,
 * the accounts' holds, and their lanes' next turn.
 */
export async function shiftWaits(db: Kysely<Database>, workspaceId: string, byMs: number, now: number): Promise<void> {
  const earlier = (eb: any, column: 'not_before' | 'next_run_at' | 'hold_until') =>
    eb.case().when(eb(column, '-', byMs), '<', now).then(now).else(eb(column, '-', byMs)).end();
  await db
    .updateTable('requests')
    .set((eb) => ({ not_before: earlier(eb, 'not_before') }))
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'QUEUED')
    .where('error_code', 'is not', null)
    .where('not_before', '>', now)
    .execute();
  const nextIds = accountIdsInLockOrder(db, db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).where('next_run_at', '>', now));
  await db.updateTable('accounts').set((eb) => ({ next_run_at: earlier(eb, 'next_run_at') })).where('id', 'in', nextIds).where('next_run_at', '>', now).execute();
  const holdIds = accountIdsInLockOrder(db, db.selectFrom('accounts').select('id').where('workspace_id', '=', workspaceId).where('hold_until', '>', now));
  await db.updateTable('accounts').set((eb) => ({ hold_until: earlier(eb, 'hold_until') })).where('id', 'in', holdIds).where('hold_until', '>', now).execute();
  const held = await db.selectFrom('accounts').select(['id', 'category_holds']).where('workspace_id', '=', workspaceId).where('category_holds', 'is not', null).execute();
  for (const a of held) {
    const holds = JSON.parse(a.category_holds!) as Record<string, { until: number; reason: string }>;
    for (const h of Object.values(holds)) h.until = Math.max(now, h.until - byMs);
    await db.updateTable('accounts').set({ category_holds: JSON.stringify(holds) }).where('id', '=', a.id).execute();
  }
}

/**
 * Gives back what this worker holds (it stops, or its runs failed on a database error): running
 * requests return to the queue with their side-effect mark kept, and the lanes' leases are freed.
 */
export async function handBack(db: Kysely<Database>, owner: string, now: number, accountIds?: string[]): Promise<void> {
  let reqs = db.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null }).where('lease_owner', '=', owner).where('status', '=', 'RUNNING');
  let lanes = db.selectFrom('accounts').select('id').where('lease_owner', '=', owner);
  if (accountIds) {
    if (accountIds.length === 0) return;
    reqs = reqs.where('account_id', 'in', accountIds);
    lanes = lanes.where('id', 'in', accountIds);
  }
  const returned = await reqs.returning('id').execute();
  await db.updateTable('accounts').set({ lease_owner: null, lease_until: null }).where('id', 'in', accountIdsInLockOrder(db, lanes)).where('lease_owner', '=', owner).execute();
  await cancelIfAccountDisconnected(db, returned.map((r) => r.id), now);
}

/**
 * A request that went back to the queue after its account was disconnected (its run was in flight
 * when the owner removed the account) is cancelled: no lane of a disconnected account runs again.
 */
export async function cancelIfAccountDisconnected(db: Kysely<Database>, requestIds: string[], now: number): Promise<void> {
  if (requestIds.length === 0) return;
  await db
    .updateTable('requests')
    .set({ status: 'CANCELLED', finished_at: now, error_code: 'ACCOUNT_DISCONNECTED', error_message: 'The account was disconnected.' })
    .where('id', 'in', requestIds)
    .where('status', '=', 'QUEUED')
    .where((eb) => eb.exists(eb.selectFrom('accounts').select('accounts.id').whereRef('accounts.id', '=', 'requests.account_id').where('accounts.status', '=', 'DISCONNECTED')))
    .execute();
}
