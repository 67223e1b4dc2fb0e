import { Type } from '@sinclair/typebox';
import { stampEvents } from '../../store/event-seq.ts';
import { eventView } from '../../webhooks/views.ts';
import { defineOperation, type Operation } from '../operation.ts';
import { TAG } from './webhook-shared.ts';

const EVENT_PAGE = 100;

export const getEvents = defineOperation({
  name: 'get_events',
  effect: 'read',
  method: 'POST',
  path: '/api/v1/get_events',
  summary: 'Read the ordered event log (welink)',
  description:
    "welink's own. Every event of the workspace in commit order, numbered by `seq` without gaps. Pass the last `seq` you processed as `after` (0 at first) " +
    "and continue with `nextAfter` while `hasMore`: a client that missed webhooks rebuilds everything from here. `payload` is the webhook body without `hash`.",
  tag: TAG,
  body: Type.Object({
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'Return events with a larger seq. Default 0.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: `Default ${EVENT_PAGE}.` })),
  }),
  response: {
    status: 200,
    schema: Type.Object({
      events: Type.Array(
        Type.Object({
          seq: Type.Integer(),
          eventId: Type.String(),
          type: Type.String(),
          accountId: Type.Union([Type.String(), Type.Null()]),
          requestId: Type.Union([Type.String(), Type.Null()]),
          createdAt: Type.String(),
          payload: Type.Object({}, { additionalProperties: true }),
        }),
      ),
      nextAfter: Type.Integer({ description: 'The `after` for the next call: the last seq returned, or the given `after` when none.' }),
      hasMore: Type.Boolean(),
    }),
    description: 'A page of the event log.',
  },
  example: { after: 0, limit: 100 },
  exampleResponse: {
    events: [
      {
        seq: 1,
        eventId: 'evt_01jq3xe4f5g6h7j8k9m0n1p2q3',
        type: 'CONNECTION_SENT',
        accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
        requestId: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
        createdAt: '2026-01-05T09:00:00.000Z',
        payload: {
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
      },
    ],
    nextAfter: 1,
    hasMore: false,
  },
  limit: 'sync',
  handler: async ({ auth, body, services }) => {
    const after = body.after ?? 0;
    const limit = body.limit ?? EVENT_PAGE;
    // Everything committed before this call is in the log (PostgreSQL numbers events after commit).
    await stampEvents(services.store.db);
    const rows = await services.store.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', auth.workspaceId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return { body: { events: page.map(eventView), nextAfter: page.length > 0 ? Number(page[page.length - 1].seq) : after, hasMore: rows.length > limit } };
  },
});

/** The ordered event log. */
export const eventOperations: Operation[] = [getEvents];
