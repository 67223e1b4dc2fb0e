import { Type } from '@sinclair/typebox';
import type { RequestRow } from '../store/tables.ts';

/** What the console's lists show of a request: its state and times, not its input or result. */

const iso = (t: number | null) => (t === null || t === undefined ? null : new Date(Number(t)).toISOString());

export const WaitingForSchema = Type.Union([
  Type.Object({
    code: Type.String({ description: 'What holds the request: a LinkedIn budget (e.g. WEEKLY_INVITATION_LIMIT), RETRY_BACKOFF, ACCOUNT_PAUSED, ACCOUNT_CONNECTING, ACTIVE_HOURS, PACING or QUEUE.' }),
    message: Type.Union([Type.String(), Type.Null()]),
    until: Type.Union([Type.String(), Type.Null()], { description: 'When the hold ends, when known.' }),
  }),
  Type.Null(),
]);

export const RequestSummarySchema = Type.Object(
  {
    requestId: Type.String(),
    accountId: Type.String(),
    action: Type.String(),
    state: Type.String({ description: 'QUEUED, RUNNING, SUCCESS, FAILED, CANCELLED or PIN_REQUIRED.' }),
    errorCode: Type.Union([Type.String(), Type.Null()], { description: 'The failure code (FAILED), or the code of a budget wait (QUEUED).' }),
    errorMessage: Type.Union([Type.String(), Type.Null()]),
    waitingFor: WaitingForSchema,
    attempts: Type.Integer(),
    acceptedAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'RequestSummary' },
);

/** A queued request held by its own `not_before`: a LinkedIn budget (with its code) or a retry backoff. */
export function ownHold(r: RequestRow, now: number) {
  if (r.status !== 'QUEUED' || Number(r.not_before) <= now) return null;
  return r.error_code
    ? { code: r.error_code, message: r.error_message, until: iso(r.not_before) }
    : { code: 'RETRY_BACKOFF', message: 'The last attempt hit a temporary error; it is retried after a pause.', until: iso(r.not_before) };
}

export function requestSummary(r: RequestRow, now: number) {
  const finished = r.status === 'SUCCESS' || r.status === 'FAILED' || r.status === 'CANCELLED';
  return {
    requestId: r.id,
    accountId: r.account_id,
    action: r.action,
    state: r.status,
    errorCode: finished || r.status === 'QUEUED' ? r.error_code : null,
    errorMessage: r.error_message,
    waitingFor: ownHold(r, now),
    attempts: r.attempts,
    acceptedAt: iso(r.accepted_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

export const exampleSummary = {
  requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
  accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
  action: 'connect',
  state: 'SUCCESS',
  errorCode: null,
  errorMessage: null,
  waitingFor: null,
  attempts: 1,
  acceptedAt: '2026-01-05T09:00:00.000Z',
  startedAt: '2026-01-05T09:00:01.000Z',
  finishedAt: '2026-01-05T09:00:02.000Z',
};
