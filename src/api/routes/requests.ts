import { Type } from '@sinclair/typebox';
import { actionByName } from '../../actions/catalogue.ts';
import { cancelQueued, resumeLoginWithPin } from '../../engine/transitions/queue.ts';
import { requestEnvelope } from '../../events/envelope.ts';
import { prepared } from '../../store/prepared.ts';
import type { Account, RequestRow } from '../../store/tables.ts';
import { waitOf, WaitingForSchema } from '../request-views.ts';
import { ApiError } from '../errors.ts';
import type { FinishedResponse } from '../finished-responses.ts';
import { defineOperation } from '../operation.ts';
import type { Services } from '../services.ts';

const anyRequestId = {
  request_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The request id (any of the three spellings works).' })),
  requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  requestID: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};

function pickRequestId(body: Record<string, unknown>): string {
  const id = body.request_id ?? body.requestId ?? body.requestID;
  if (typeof id !== 'string') {
    throw new ApiError('VALIDATION_FAILED', 'Invalid request: request_id is required.', { details: [{ field: 'request_id', problem: 'is required' }] });
  }
  return id;
}

async function loadRequest(services: Services, workspaceId: string, id: string): Promise<RequestRow> {
  const row = await services.store.db.selectFrom('requests').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new ApiError('REQUEST_NOT_FOUND');
  return row;
}

const requestById = prepared<[string, string], RequestRow>(2, (db, id, workspaceId) =>
  db.selectFrom('requests').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId),
);

const Envelope = Type.Object(
  {
    status: Type.String({ description: 'SUCCESS, a failure code (e.g. PROFILE_NOT_FOUND), PIN_REQUIRED, QUEUED, RUNNING or CANCELLED.' }),
    state: Type.String({ description: 'QUEUED, RUNNING, SUCCESS, FAILED, CANCELLED or PIN_REQUIRED.' }),
    result: Type.Optional(Type.Unknown({ description: 'The action result on success (its schema is in the action description).' })),
    message: Type.Union([Type.String(), Type.Null()]),
    error: Type.Optional(Type.String({ description: 'The failure code, when state is FAILED.' })),
    requestId: Type.String(),
    request_id: Type.String(),
    accountId: Type.String(),
    event: Type.Union([Type.String(), Type.Null()]),
    event_type: Type.String(),
    waitingFor: Type.Optional(WaitingForSchema),
  },
  { $id: 'RequestEnvelope', title: 'RequestEnvelope' },
);

export const getResponse = defineOperation({
  name: 'get_response',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/get_response',
  summary: 'Get the status or result of a request',
  description: 'Synchronous. The polling fallback to webhooks: the same envelope the webhook carries (without `hash`). Accepts `request_id`, `requestId` or `requestID`.',
  tag: 'Requests',
  body: Type.Object(anyRequestId),
  response: { status: 200, schema: Envelope, description: 'The request envelope.' },
  errors: ['REQUEST_NOT_FOUND'],
  example: { request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0' },
  exampleResponse: {
    event: 'CONNECTION_SENT',
    event_type: '/api/v1/connect',
    status: 'SUCCESS',
    state: 'SUCCESS',
    requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
    request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
    accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
    result: { connected: true, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' },
    message: null,
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const id = pickRequestId(body);
    const now = services.clock.now();
    // The polling hot path: a finished request's answer never changes, so it is read and serialized once.
    const kept = services.finishedResponses.get(auth.workspaceId, id, now);
    if (kept) return { body: kept.body, json: kept.json };
    const { rows } = await requestById(services.store.db, id, auth.workspaceId);
    const req = rows[0];
    if (!req) throw new ApiError('REQUEST_NOT_FOUND');
    const envelope = requestEnvelope(req, actionByName(req.action)) as FinishedResponse['body'];
    // Only a queued request needs its account read: finished ones (the common poll) answer from their row.
    if (req.status === 'QUEUED') (envelope as Record<string, unknown>).waitingFor = waitOf(req, await accountRow(services, req.account_id), now);
    const answer = services.finishedResponses.answer(auth.workspaceId, req, envelope, now);
    return { body: answer.body, json: answer.json };
  },
});

const accountById = prepared<[string], Account>(1, (db, id) => db.selectFrom('accounts').selectAll().where('id', '=', id));

async function accountRow(services: Services, id: string): Promise<Account | null> {
  return (await accountById(services.store.db, id)).rows[0] ?? null;
}

function publicRequest(req: RequestRow, position: number | null, waitingFor: ReturnType<typeof waitOf>): Record<string, unknown> {
  const action = actionByName(req.action);
  const input = JSON.parse(req.input) as Record<string, unknown>;
  return {
    id: req.id,
    requestId: req.id,
    accountId: req.account_id,
    action: req.action,
    state: req.status,
    input,
    result: req.result ? JSON.parse(req.result) : null,
    error: req.error_code ? { code: req.error_code, message: req.error_message } : null,
    waitingFor,
    attempts: req.attempts,
    queuePosition: position,
    acceptedAt: new Date(req.accepted_at).toISOString(),
    startedAt: req.started_at ? new Date(req.started_at).toISOString() : null,
    finishedAt: req.finished_at ? new Date(req.finished_at).toISOString() : null,
    events: action ? action.events : null,
  };
}

export const getRequest = defineOperation({
  name: 'get_request',
  effect: 'read',
  method: 'GET',
  path: '/api/v1/requests/:id',
  summary: 'Get a request (REST form, welink)',
  description: "welink's own REST view of a request: state, input, result or error, attempts, queue position and times.",
  tag: 'Requests',
  params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  response: { status: 200, schema: Type.Object({}, { additionalProperties: true }), description: 'The request.' },
  errors: ['REQUEST_NOT_FOUND'],
  exampleResponse: {
    id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
    accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
    action: 'connect',
    state: 'QUEUED',
    queuePosition: 2,
  },
  limit: 'sync',
  handler: async ({ auth, params, services }) => {
    const req = await loadRequest(services, auth.workspaceId, params.id);
    let position: number | null = null;
    if (req.status === 'QUEUED' || req.status === 'RUNNING') {
      const ahead = await services.store.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', req.account_id)
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        .where('lane_seq', '<', req.lane_seq)
        .executeTakeFirstOrThrow();
      position = Number(ahead.n) + 1;
    }
    const waitingFor = req.status === 'QUEUED' ? waitOf(req, await accountRow(services, req.account_id), services.clock.now()) : null;
    return { body: publicRequest(req, position, waitingFor) };
  },
});

export const cancelRequest = defineOperation({
  name: 'cancel_request',
  effect: 'idempotent',
  method: 'POST',
  path: '/api/v1/cancel_request',
  summary: 'Cancel a queued request (welink)',
  description: "welink's own. Cancels a request that has not started. A running or finished request answers 409 REQUEST_NOT_CANCELLABLE. Emits REQUEST_CANCELLED.",
  tag: 'Requests',
  body: Type.Object(anyRequestId),
  response: { status: 200, schema: Envelope, description: 'The cancelled request.' },
  errors: ['REQUEST_NOT_FOUND', 'REQUEST_NOT_CANCELLABLE'],
  example: { request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const id = pickRequestId(body);
    const now = services.clock.now();
    const r = await services.committer.run(id, (trx) => cancelQueued(trx, auth.workspaceId, id, now));
    if (!r.ok) {
      if (r.status === null) throw new ApiError('REQUEST_NOT_FOUND');
      throw new ApiError('REQUEST_NOT_CANCELLABLE', `The request is ${r.status}; only a queued request can be cancelled.`);
    }
    services.wakeWebhooks();
    return { body: r.envelope };
  },
});

export const loginCode = defineOperation({
  name: 'login_code',
  effect: 'write',
  method: 'POST',
  path: '/api/v1/login_code',
  summary: 'Submit the login PIN (OTP)',
  description:
    'Synchronous acknowledgement. After LOGIN_PIN_REQUIRED, sends the code LinkedIn mailed to the account owner. The login request resumes; its outcome arrives as LOGIN_SUCCESS or LOGIN_FAILED with the same requestId. ' +
      'A wrong code ends the login (LOGIN_FAILED, `WRONG_PIN`): the right code sent afterwards answers 409 ACCOUNT_STATE_CONFLICT; start again with a new login_v2 (the same email keeps its accountId).',
  tag: 'Account management',
  body: Type.Object({
    accountId: Type.String({ minLength: 1, maxLength: 64 }),
    code: Type.String({ minLength: 1, maxLength: 32, description: 'The verification code.' }),
    ...anyRequestId,
  }),
  response: {
    status: 200,
    schema: Type.Object({ status: Type.String(), message: Type.String(), requestId: Type.String(), request_id: Type.String(), accountId: Type.String() }),
    description: 'Code accepted; the login continues.',
  },
  errors: ['ACCOUNT_NOT_FOUND', 'REQUEST_NOT_FOUND', 'ACCOUNT_STATE_CONFLICT'],
  example: { accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz', requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0', code: '123456' },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const requestId = pickRequestId(body);
    const now = services.clock.now();
    const accountId = String(body.accountId);
    const r = await services.committer.run(accountId, (trx) =>
      resumeLoginWithPin(trx, services.sealer, { workspaceId: auth.workspaceId, accountId, requestId, pin: String(body.code) }, now),
    );
    if (r === 'account_not_found') throw new ApiError('ACCOUNT_NOT_FOUND');
    if (r === 'request_not_found') throw new ApiError('REQUEST_NOT_FOUND', 'No login request with this id for this account.');
    if (r !== 'resumed') throw new ApiError('ACCOUNT_STATE_CONFLICT', `The login request is ${r.conflict}, not waiting for a PIN.`);
    services.wakeWork();
    return {
      body: {
        status: 'QUEUED',
        message: 'Code received; the login outcome arrives as LOGIN_SUCCESS or LOGIN_FAILED.',
        requestId,
        request_id: requestId,
        accountId: String(body.accountId),
      },
    };
  },
});
