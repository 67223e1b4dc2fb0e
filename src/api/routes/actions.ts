import { Type } from '@sinclair/typebox';
import { actions, isLoginAction } from '../../actions/catalogue.ts';
import type { Action } from '../../actions/catalogue.ts';
import type { Acceptance, Acknowledgement, Refusal } from '../../engine/accept.ts';
import type { RateLimitPolicy } from '../../engine/rate-limit.ts';
import { ApiError, errorBody } from '../errors.ts';
import { defineOperation, type Operation, type OperationAnswer } from '../operation.ts';
import { rateLimitHeaders } from '../rate-limit-headers.ts';

export const AckSchema = Type.Object(
  {
    status: Type.Literal('QUEUED', { description: 'The queue state of the new request (not a LinkedIn result).' }),
    message: Type.String(),
    requestId: Type.String({ description: 'Id to poll with get_response and to match the webhook.' }),
    request_id: Type.String({ description: 'The same id, snake_case, as some We-Link pages spell it.' }),
    accountId: Type.String(),
    action: Type.String(),
    queuePosition: Type.Integer({ description: '1 when nothing of this account runs or waits before it.' }),
    earliestStartAt: Type.String({ description: 'Earliest time it can start (ISO 8601), given the queue and pacing.' }),
  },
  { $id: 'Acknowledgement', title: 'Acknowledgement' },
);

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Turns an action declaration into its HTTP operation: `POST /api/v1/<name>`. */
export function actionOperation(action: Action): Operation {
  return defineOperation({
    name: action.name,
    // Accepting only queues a request; what counts is what the action does on LinkedIn.
    effect: action.destructive ? 'destructive' : action.sideEffect || action.kind === 'login' ? 'write' : 'read',
    method: 'POST',
    path: `/api/v1/${action.name}`,
    summary: action.summary,
    description: `${action.description}\n\nAsynchronous: answers at once with a requestId; the result arrives as a webhook (${action.events.success} / ${action.events.failure}) and through get_response.`,
    tag: action.tag,
    body: action.input,
    response: { status: 200, schema: AckSchema, description: 'Accepted: stored durably and queued.' },
    errors: isLoginAction(action.name) ? ['ACCOUNT_LIMIT_REACHED', 'LOGIN_RATE_LIMITED', 'IDEMPOTENCY_KEY_REUSED'] : ['ACCOUNT_NOT_FOUND', 'ACCOUNT_NOT_ACTIVE', 'RATE_LIMITED', 'IDEMPOTENCY_KEY_REUSED'],
    example: action.example,
    exampleResponse: {
      status: 'QUEUED',
      message: 'Request accepted; the result arrives by webhook and through get_response.',
      requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
      request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
      accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
      action: action.name,
      queuePosition: 1,
      earliestStartAt: '2026-01-05T09:00:00.000Z',
    },
    limit: 'action',
    openapi: { 'x-welink-result': action.result, 'x-welink-events': action.events, 'x-welink-failure-codes': action.errors },
    handler: async ({ auth, body, headers, services }) => {
      if (action.sandboxOnly && auth.mode !== 'sandbox') throw new ApiError('SANDBOX_ONLY');
      const raw = headers['idempotency-key'];
      if (Array.isArray(raw)) throw new ApiError('VALIDATION_FAILED', 'Send one Idempotency-Key header, not several.', { details: [{ field: 'Idempotency-Key', problem: 'is repeated' }] });
      if (raw !== undefined && !IDEMPOTENCY_KEY.test(raw)) {
        throw new ApiError('VALIDATION_FAILED', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', {
          details: [{ field: 'Idempotency-Key', problem: 'must be 1 to 255 visible ASCII characters' }],
        });
      }
      const acceptance = await services.acceptor.accept({ workspaceId: auth.workspaceId, apiKeyId: auth.apiKeyId, action, body, idempotencyKey: raw });
      return answerOf(acceptance, { limit: services.config.rateLimit, windowMs: services.config.rateWindowSeconds * 1000 }, services.clock.now());
    },
  });
}

/** The HTTP answer to an acceptance: the acknowledgement with the account's RateLimit headers, or the error. */
export function answerOf(a: Acceptance, policy: RateLimitPolicy, now: number): OperationAnswer {
  switch (a.kind) {
    case 'accepted':
      return { status: 200, body: acknowledgementBody(a.ack), headers: rateLimitHeaders(a.usage, policy) };
    case 'replayed':
      return { status: 200, body: acknowledgementBody(a.ack), headers: { 'idempotent-replayed': 'true' } };
    case 'refused':
      return refusalAnswer(a.refusal, policy, now);
  }
}

export function acknowledgementBody(ack: Acknowledgement): Record<string, unknown> {
  return {
    status: 'QUEUED',
    message: 'Request accepted; the result arrives by webhook and through get_response.',
    requestId: ack.requestId,
    request_id: ack.requestId,
    accountId: ack.accountId,
    action: ack.action,
    queuePosition: ack.queuePosition,
    earliestStartAt: new Date(ack.earliestStartAt).toISOString(),
  };
}

function refusalAnswer(r: Refusal, policy: RateLimitPolicy, now: number): OperationAnswer {
  const error = (err: ApiError, headers: Record<string, string> = {}): OperationAnswer => ({ status: err.status, body: errorBody(err.code, err.message, err.extra), headers });
  switch (r.code) {
    case 'RATE_LIMITED': {
      const retryAfter = Math.max(1, Math.ceil((r.retryAt - now) / 1000));
      const minutes = Math.round(policy.windowMs / 60000);
      return error(
        new ApiError(
          'RATE_LIMITED',
          `This account has had ${r.usage.limit} requests accepted in the last ${minutes} minutes. The next slot opens at ${new Date(r.retryAt).toISOString()}.`,
          { fields: { retryAt: new Date(r.retryAt).toISOString() } },
        ),
        { ...rateLimitHeaders(r.usage, policy), 'retry-after': String(retryAfter) },
      );
    }
    case 'ACCOUNT_NOT_ACTIVE':
      return error(
        new ApiError(
          'ACCOUNT_NOT_ACTIVE',
          `Linked account not active (status ${r.status}). ${
            r.status === 'DISCONNECTED'
              ? 'A disconnected account takes no more requests: log the LinkedIn account in again with login_v2, which gives it a new accountId, and use that one.'
              : 'Log it in again with login_v2 (the same email keeps this accountId).'
          }`,
        ),
      );
    case 'LOGIN_RATE_LIMITED': {
      const retryAfter = Math.max(1, Math.ceil((r.retryAt - now) / 1000));
      return error(
        new ApiError(
          'LOGIN_RATE_LIMITED',
          `This account has started ${r.limit} credential logins in the last hour (each posts its password to LinkedIn); the next one is accepted from ${new Date(r.retryAt).toISOString()}. ` +
            'Live accounts can also be connected with their browser cookies (connect_account_cookies).',
          { fields: { retryAt: new Date(r.retryAt).toISOString() } },
        ),
        { 'retry-after': String(retryAfter) },
      );
    }
    case 'ACCOUNT_LIMIT_REACHED':
      return error(new ApiError('ACCOUNT_LIMIT_REACHED', `This workspace holds its limit of ${r.limit} LinkedIn accounts (WELINK_MAX_ACCOUNTS_PER_WORKSPACE); disconnect one first.`));
    default:
      return error(new ApiError(r.code));
  }
}

export const actionOperations: Operation[] = actions.map((a) => actionOperation(a));
