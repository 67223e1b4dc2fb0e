import { Type } from '@sinclair/typebox';
import { actionByName } from '../actions/catalogue.ts';
import type { Account, RequestRow } from '../store/tables.ts';

/** What the console's lists show of a request: its state and times, not its input or result. */

const iso = (t: number | null) => (t === null || t === undefined ? null : new Date(Number(t)).toISOString());

export const WaitingForSchema = Type.Union([
  Type.Object({
    code: Type.String({
      description:
        'What holds the request: an account hold (LINKEDIN_THROTTLED, LINKEDIN_BOT_SUSPICION), a held budget category (a LinkedIn refusal such as WEEKLY_INVITATION_LIMIT, or BUDGET_SPENT), ' +
        'RETRY_BACKOFF, ACCOUNT_PAUSED, ACCOUNT_CONNECTING, PIN_REQUIRED, ACTIVE_HOURS, PACING or QUEUE.',
    }),
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

/**
 * What holds a queued request back at the level of its account: a hold after LinkedIn pushed back
 * (nothing of the account is sent before it ends), or an account that cannot act (paused, connecting).
 */
export function accountWait(account: Pick<Account, 'status' | 'status_reason' | 'hold_until' | 'hold_reason'>, isLogin: boolean, now: number) {
  if (account.status === 'PAUSED') return { code: 'ACCOUNT_PAUSED', message: `The account is paused (${account.status_reason ?? 'no reason given'}): it runs again once reconnected or resumed.`, until: null };
  if (account.status !== 'ACTIVE' && !(isLogin && account.status === 'CONNECTING')) {
    return { code: `ACCOUNT_${account.status}`, message: `The account is ${account.status}: it runs again once logged in.`, until: null };
  }
  if (account.hold_until !== null && Number(account.hold_until) > now) {
    return {
      code: account.hold_reason ?? 'ACCOUNT_HELD',
      message: 'LinkedIn pushed back on this account: welink sends it nothing until the hold ends; the request keeps its place.',
      until: iso(account.hold_until),
    };
  }
  return null;
}

/** What a queued request waits for, as far as its own row and its account tell (the lane's queue aside). */
export function waitOf(r: RequestRow, account: Parameters<typeof accountWait>[0] | null, now: number) {
  if (r.status !== 'QUEUED') return null;
  return ownHold(r, now) ?? (account ? accountWait(account, actionByName(r.action)?.kind === 'login', now) : null);
}

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
