import type { Transaction } from 'kysely';
import type { EventType } from '../../events/catalogue.ts';
import { emitEvent } from '../../events/emit.ts';
import type { Account, AccountStatus, Database } from '../../store/tables.ts';

/**
 * The owner's own brakes on an account. Each is one transaction, guarded on the status it reads:
 * pausing takes an ACTIVE account out of the lanes (its queued requests wait; one already running
 * finishes), resuming makes a PAUSED account ACTIVE so its waiting requests run. Both emit an event
 * in the same transaction. The caller wakes the engine after a resume.
 */

/** status_reason of an account the owner paused. */
export const PAUSED_BY_OWNER = 'PAUSED_BY_OWNER';

export type AccountControl =
  | { kind: 'done'; account: Account }
  | { kind: 'not_found' }
  | { kind: 'conflict'; status: AccountStatus; reason: string | null };

export async function pauseAccount(trx: Transaction<Database>, workspaceId: string, accountId: string, now: number): Promise<AccountControl> {
  return transition(trx, workspaceId, accountId, now, {
    from: 'ACTIVE',
    to: { status: 'PAUSED', status_reason: PAUSED_BY_OWNER },
    event: (a) => ({
      type: 'ACCOUNT_PAUSED',
      payload: { event: 'ACCOUNT_PAUSED', event_type: '/api/v1/account_paused', status: PAUSED_BY_OWNER, accountId: a.id, message: 'The account was paused by its owner; its requests wait until it is resumed.' },
    }),
  });
}

export async function resumeAccount(trx: Transaction<Database>, workspaceId: string, accountId: string, now: number): Promise<AccountControl> {
  return transition(trx, workspaceId, accountId, now, {
    from: 'PAUSED',
    to: { status: 'ACTIVE', status_reason: null },
    event: (a) => ({
      type: 'ACCOUNT_RESUMED',
      payload: { event: 'ACCOUNT_RESUMED', event_type: '/api/v1/resume_account', status: 'SUCCESS', accountId: a.id, message: `The account was resumed (it was paused: ${a.status_reason ?? 'no reason given'}).` },
    }),
  });
}

interface Transition {
  from: AccountStatus;
  to: { status: AccountStatus; status_reason: string | null };
  event: (before: Account) => { type: EventType; payload: Record<string, unknown> };
}

async function transition(trx: Transaction<Database>, workspaceId: string, accountId: string, now: number, t: Transition): Promise<AccountControl> {
  const before = await trx.selectFrom('accounts').selectAll().where('id', '=', accountId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!before || before.status === 'DISCONNECTED') return { kind: 'not_found' };
  const r = await trx
    .updateTable('accounts')
    .set({ ...t.to, updated_at: now })
    .where('id', '=', accountId)
    .where('status', '=', t.from)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return { kind: 'conflict', status: before.status, reason: before.status_reason };
  const ev = t.event(before);
  await emitEvent(trx, { workspaceId, accountId, requestId: null, type: ev.type, payload: ev.payload }, now);
  return { kind: 'done', account: { ...before, ...t.to, updated_at: now } };
}
