import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import type { Database } from '../store/tables.ts';
import { markDue } from '../store/webhook-due-hints.ts';
import { settleDeliveries, type Settlement } from '../store/webhook-settle.ts';
import { disableEndpoint, endpointFailed, endpointSucceeded, storableText, type AttemptRecord, type Delivery } from './queue.ts';

/** An attempt made (or given up: its event was purged), waiting to be recorded. */
export interface FinishedAttempt {
  delivery: Delivery;
  /** The endpoint's failing streak when the delivery was claimed. */
  failingSinceAtClaim: number | null;
  /** What the attempt sent and got; null when nothing was sent. */
  record: AttemptRecord | null;
  next:
    | { status: 'DELIVERED'; now: number; lastStatus: number }
    | { status: 'FAILED'; now: number; lastStatus: number | null; lastError: string }
    | { status: 'PENDING'; nextAttemptAt: number; lastStatus: number | null; lastError: string };
  /** What the attempt says of the endpoint: it answered, it failed, it is gone (410); null: nothing. */
  verdict: { kind: 'answered' } | { kind: 'failed'; at: number; error: string } | { kind: 'gone'; at: number } | null;
}

export interface Recorded {
  /** Endpoints this recording disabled, with the reason. */
  disabled: { endpointId: string; reason: string }[];
}

/**
 * Records finished attempts in the caller's transaction: the attempt log and each delivery's next state
 * in one statement on PostgreSQL, then what they say of their endpoints (a failing streak started or
 * ended, the endpoint disabled), which in the steady state of a healthy endpoint writes nothing.
 */
export async function recordFinished(db: Kysely<Database>, finished: FinishedAttempt[], o: { now: number; disableAfterMs: number }): Promise<Recorded> {
  if (finished.length === 0) return { disabled: [] };
  const settled = await settleDeliveries(db, finished.map(settlementOf), o.now);
  const byEndpoint = new Map<string, FinishedAttempt[]>();
  for (const f of finished) {
    if (!settled.has(f.delivery.id)) continue;
    const list = byEndpoint.get(f.delivery.endpoint_id);
    if (list) list.push(f);
    else byEndpoint.set(f.delivery.endpoint_id, [f]);
  }
  const disabled: Recorded['disabled'] = [];
  // One endpoint after another in id order: every process locks endpoint rows in the same order.
  for (const endpointId of [...byEndpoint.keys()].sort()) {
    const list = byEndpoint.get(endpointId)!;
    const reason = await judgeEndpoint(db, endpointId, list, o.disableAfterMs);
    if (reason) disabled.push({ endpointId, reason });
    const retries = list.flatMap((f) => (f.next.status === 'PENDING' ? [f.next.nextAttemptAt] : []));
    // A retry is due again later: the endpoint's hint must not be later than that.
    if (retries.length > 0) await markDue(db, [endpointId], Math.min(...retries));
  }
  return { disabled };
}

/**
 * True when recording these writes more than their deliveries (a streak started or ended, a retry's
 * hint, an endpoint disabled): then it needs a transaction of its own; otherwise it is one statement.
 */
export function touchesEndpoints(finished: FinishedAttempt[]): boolean {
  return finished.some((f) => f.next.status === 'PENDING' || (f.verdict !== null && f.verdict.kind !== 'answered') || (f.verdict?.kind === 'answered' && f.failingSinceAtClaim !== null));
}

/** The endpoint's streak after these attempts (in the order they finished); the reason when it is disabled now. */
async function judgeEndpoint(db: Kysely<Database>, endpointId: string, list: FinishedAttempt[], disableAfterMs: number): Promise<string | null> {
  const gone = list.find((f) => f.verdict?.kind === 'gone');
  if (gone?.verdict?.kind === 'gone') {
    const reason = `Disabled on ${new Date(gone.verdict.at).toISOString()}: the receiver answered 410 Gone.`;
    await disableEndpoint(db, endpointId, gone.verdict.at, reason);
    return reason;
  }
  const judged = list.filter((f) => f.verdict !== null);
  const last = judged.at(-1)?.verdict;
  if (!last) return null;
  // A streak ends with an answer; the streak read at claim time says whether one may be running.
  // (One started by another worker since then is ended by the next answer claimed after it.)
  const streakMayRun = list.some((f) => f.failingSinceAtClaim !== null);
  const answered = judged.some((f) => f.verdict?.kind === 'answered');
  if (answered && streakMayRun) await endpointSucceeded(db, endpointId);
  if (last.kind !== 'failed') return null;
  return endpointFailed(db, endpointId, last.at, disableAfterMs, last.error);
}

function settlementOf(f: FinishedAttempt): Settlement {
  const { delivery: d, next, record } = f;
  return {
    deliveryId: d.id,
    endpointId: d.endpoint_id,
    attempt: d.attempts,
    status: next.status,
    finishedAt: next.status === 'PENDING' ? null : next.now,
    nextAttemptAt: next.status === 'PENDING' ? next.nextAttemptAt : null,
    lastStatus: next.lastStatus,
    lastError: next.status === 'DELIVERED' ? null : storableText(next.lastError),
    logged: record && {
      id: newId('att', record.attemptedAt),
      delivery_id: d.id,
      workspace_id: d.workspace_id,
      attempted_at: record.attemptedAt,
      duration_ms: record.durationMs,
      status_code: record.statusCode,
      outcome: record.outcome,
      excerpt: storableText(record.excerpt),
    },
  };
}
