import { Type } from '@sinclair/typebox';
import { actions } from '../../actions/catalogue.ts';
import type { ActionDeclaration } from '../../actions/define.ts';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';

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
export function actionOperation(action: ActionDeclaration<any, any>): Operation {
  return defineOperation({
    name: action.name,
    method: 'POST',
    path: `/api/v1/${action.name}`,
    summary: action.summary,
    description: `${action.description}\n\nAsynchronous: answers at once with a requestId; the result arrives as a webhook (${action.events.success} / ${action.events.failure}) and through get_response.`,
    tag: action.tag,
    body: action.input,
    response: { status: 200, schema: AckSchema, description: 'Accepted: stored durably and queued.' },
    errors: ['ACCOUNT_NOT_FOUND', 'ACCOUNT_NOT_ACTIVE', 'RATE_LIMITED', 'IDEMPOTENCY_KEY_REUSED'],
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
      const answer = await services.acceptor.accept({ workspaceId: auth.workspaceId, apiKeyId: auth.apiKeyId, action, body, idempotencyKey: raw });
      return { status: answer.status, body: answer.body, headers: answer.headers };
    },
  });
}

export const actionOperations: Operation[] = actions.map((a) => actionOperation(a));
