import { Type } from '@sinclair/typebox';
import { ApiError } from '../errors.ts';
import { defineOperation, type Operation } from '../operation.ts';
import { queueView } from '../queue-estimate.ts';
import { RequestSummarySchema, exampleSummary } from '../request-views.ts';
import { getAccountDetails } from './accounts.ts';

const exampleId = 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz';
const PAGE = 50;

export const listAccountDetails = defineOperation({
  name: 'list_ln_account_details',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/list_ln_account_details',
  summary: 'List accounts with their details (welink)',
  description:
    "welink's own. get_ln_account_details for every account of the workspace, in creation order, one page at a time: status and reason, the rolling-hour usage and when the next slot frees, " +
    'queue counts and when the next action is due (and whatever else get_ln_account_details shows). Disconnected accounts are left out unless `includeDisconnected`; ' +
    'they then carry only `accountId`, `email`, `status` and `statusReason`. Pass `nextCursor` back as `cursor` for the next page.',
  tag: 'Account management',
  body: Type.Object({
    includeDisconnected: Type.Optional(Type.Boolean({ description: 'Also list disconnected accounts. Default false.' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The `nextCursor` of the previous page.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: `Accounts per page, default ${PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({
      accounts: Type.Array(Type.Union([getAccountDetails.response.schema, Type.Object({ accountId: Type.String(), email: Type.String(), status: Type.Literal('DISCONNECTED'), statusReason: Type.Union([Type.String(), Type.Null()]) })])),
      nextCursor: Type.Union([Type.String(), Type.Null()]),
    }),
    description: 'A page of accounts.',
  },
  example: { limit: 50 },
  exampleResponse: { accounts: [getAccountDetails.exampleResponse], nextCursor: null },
  limit: 'sync',
  handler: async (ctx) => {
    const { auth, body, services } = ctx;
    const limit = body.limit ?? PAGE;
    let q = services.store.db.selectFrom('accounts').select(['id', 'email', 'status', 'status_reason']).where('workspace_id', '=', auth.workspaceId);
    if (!body.includeDisconnected) q = q.where('status', '!=', 'DISCONNECTED');
    if (body.cursor !== undefined) q = q.where('id', '>', body.cursor);
    const rows = await q.orderBy('id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const accounts = [];
    for (const a of page) {
      const gone = { accountId: a.id, email: a.email, status: 'DISCONNECTED', statusReason: a.status_reason };
      if (a.status === 'DISCONNECTED') {
        accounts.push(gone);
        continue;
      }
      // The details come from get_ln_account_details itself, so both always show the same fields.
      try {
        accounts.push((await getAccountDetails.handler({ ...ctx, body: { accountId: a.id } })).body);
      } catch (err) {
        // Disconnected between the two reads.
        if (!(err instanceof ApiError && err.code === 'ACCOUNT_NOT_FOUND')) throw err;
        if (body.includeDisconnected) accounts.push(gone);
      }
    }
    return { body: { accounts, nextCursor: rows.length > limit ? page[page.length - 1].id : null } };
  },
});

const QUEUE_PAGE = 100;

export const getAccountQueue = defineOperation({
  name: 'get_account_queue',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/get_account_queue',
  summary: "An account's queue, in order (welink)",
  description:
    "welink's own. The account's unfinished requests in the order its lane runs them: the running one, then the queued ones, each with its position, " +
    '`earliestStartAt` (estimated with the shortest pacing pause, like the acknowledgement\'s) and `waitingFor`: what holds it ' +
    '(a LinkedIn budget, a retry pause, the account being paused or not logged in, active hours, pacing, or the requests ahead). A request waiting for a login code has no start time.',
  tag: 'Requests',
  body: Type.Object({
    accountId: Type.String({ minLength: 1, maxLength: 64, description: 'The welink account id.' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: `At most this many, from the head of the lane. Default ${QUEUE_PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({
      accountId: Type.String(),
      status: Type.String(),
      statusReason: Type.Union([Type.String(), Type.Null()]),
      total: Type.Integer({ description: 'Unfinished requests in the lane (the list may hold fewer).' }),
      requests: Type.Array(
        Type.Object({ ...RequestSummarySchema.properties, position: Type.Integer(), earliestStartAt: Type.Union([Type.String(), Type.Null()]) }),
      ),
    }),
    description: 'The queue.',
  },
  errors: ['ACCOUNT_NOT_FOUND'],
  example: { accountId: exampleId },
  exampleResponse: {
    accountId: exampleId,
    status: 'ACTIVE',
    statusReason: null,
    total: 2,
    requests: [
      { ...exampleSummary, state: 'RUNNING', finishedAt: null, position: 1, earliestStartAt: '2026-01-05T09:00:01.000Z', waitingFor: null },
      {
        ...exampleSummary,
        requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m1',
        action: 'send_message_to_profile_id',
        state: 'QUEUED',
        attempts: 0,
        startedAt: null,
        finishedAt: null,
        position: 2,
        earliestStartAt: '2026-01-05T09:00:46.000Z',
        waitingFor: { code: 'QUEUE', message: "1 request ahead in this account's lane.", until: null },
      },
    ],
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const db = services.store.db;
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', body.accountId).where('workspace_id', '=', auth.workspaceId).executeTakeFirst();
    if (!account || account.status === 'DISCONNECTED') throw new ApiError('ACCOUNT_NOT_FOUND');
    const unfinished = ['QUEUED', 'RUNNING', 'PIN_REQUIRED'] as const;
    const rows = await db
      .selectFrom('requests')
      .selectAll()
      .where('account_id', '=', account.id)
      .where('status', 'in', unfinished)
      .orderBy('lane_seq')
      .limit(body.limit ?? QUEUE_PAGE)
      .execute();
    const total = await db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', account.id).where('status', 'in', unfinished).executeTakeFirstOrThrow();
    const { config } = services;
    const requests = queueView(account, rows, services.clock.now(), {
      minPauseMs: config.pacing === 'on' ? config.pacingMinSeconds * 1000 : 0,
      activeHours: config.pacing === 'on',
    });
    return { body: { accountId: account.id, status: account.status, statusReason: account.status_reason, total: Number(total.n), requests } };
  },
});

/** The console's account overview and queue. */
export const accountOverviewOperations: Operation[] = [listAccountDetails, getAccountQueue];
