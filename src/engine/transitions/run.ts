import type { Transaction, UpdateQueryBuilder } from 'kysely';
import type { Action } from '../../actions/catalogue.ts';
import { emitEvent } from '../../events/emit.ts';
import { eventType, requestEnvelope } from '../../events/envelope.ts';
import { prepared } from '../../store/prepared.ts';
import type { Database, RequestRow } from '../../store/tables.ts';

/**
 * What ends or defers a running request. Each is guarded by the run's lease: once a worker's lease
 * has been taken over (it stalled, the sweeper handed the request to another), every one of these is
 * a no-op for it and answers false or null, and the new owner records the outcome.
 */

type Trx = Transaction<Database>;

/** A request this worker runs: its id and the lease owner that claimed it. */
export interface Run {
  id: string;
  owner: string;
}

function owned<O>(q: UpdateQueryBuilder<Database, 'requests', 'requests', O>, run: Run) {
  return q.where('id', '=', run.id).where('lease_owner', '=', run.owner).where('status', '=', 'RUNNING');
}

// Every action ends here: built and compiled once, not once per action (store/prepared.ts).
const recordEnd = prepared<[status: string, result: string | null, code: string | null, message: string | null, finishedAt: number | null, id: string, owner: string]>(
  7,
  (db, status, result, code, message, finishedAt, id, owner) =>
    owned(db.updateTable('requests').set({ status, result, error_code: code, error_message: message, finished_at: finishedAt, lease_owner: null, lease_until: null }), { id, owner }),
);

export type RunOutcome =
  | { kind: 'success'; result: unknown }
  | { kind: 'failure'; code: string; message: string; result?: Record<string, unknown> }
  | { kind: 'pin' };

/**
 * The run ended: SUCCESS with its result, FAILED with its code, or PIN_REQUIRED (a login waiting for
 * login_code). Records it and emits its event in the caller's transaction; the finished row, or null
 * when the lease was lost.
 */
export async function finishRun(
  trx: Trx,
  req: RequestRow,
  owner: string,
  outcome: RunOutcome,
  action: Action | undefined,
  now: number,
): Promise<RequestRow | null> {
  const patch = {
    status: outcome.kind === 'success' ? ('SUCCESS' as const) : outcome.kind === 'pin' ? ('PIN_REQUIRED' as const) : ('FAILED' as const),
    result: outcome.kind === 'success' ? JSON.stringify(outcome.result ?? {}) : outcome.kind === 'failure' && outcome.result ? JSON.stringify(outcome.result) : null,
    error_code: outcome.kind === 'failure' ? outcome.code : null,
    error_message: outcome.kind === 'failure' ? outcome.message : null,
    finished_at: outcome.kind === 'pin' ? null : now,
    lease_owner: null,
    lease_until: null,
  };
  const r = await recordEnd(trx, patch.status, patch.result, patch.error_code, patch.error_message, patch.finished_at, req.id, owner);
  if (Number(r.numAffectedRows ?? 0) === 0) return null;
  const finished: RequestRow = { ...req, ...patch };
  await emitEvent(
    trx,
    { workspaceId: req.workspace_id, accountId: req.account_id, requestId: req.id, type: eventType(finished, action) ?? 'REQUEST_FAILED', payload: requestEnvelope(finished, action) },
    now,
  );
  return finished;
}

/**
 * Infrastructure trouble (LinkedIn unreachable, a timeout): back to the queue, to run again from
 * `notBefore`. The side-effect mark stays: the next run asks the provider whether it happened first.
 */
export async function retryRunLater(trx: Trx, run: Run, notBefore: number): Promise<boolean> {
  const r = await owned(trx.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null, not_before: notBefore }), run).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * The provider refused before doing anything (a LinkedIn budget is spent): back to the queue until
 * `until`, with the reason kept so the request shows what it waits for.
 */
export async function deferRun(trx: Trx, run: Run, until: number, reason: { code: string; message: string }): Promise<boolean> {
  const r = await owned(
    trx.updateTable('requests').set({
      status: 'QUEUED',
      lease_owner: null,
      lease_until: null,
      not_before: until,
      effect_started_at: null,
      error_code: reason.code,
      error_message: reason.message,
    }),
    run,
  ).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The account cannot act (it is being paused): the request goes back to the head of its queue untouched. */
export async function putRunBack(trx: Trx, run: Run): Promise<boolean> {
  const r = await owned(trx.updateTable('requests').set({ status: 'QUEUED', lease_owner: null, lease_until: null, effect_started_at: null }), run).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
