import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { actions, type Action, type ActionEventType } from '../actions/catalogue.ts';
import { anyActionFailures, failureCatalogue } from '../actions/failures.ts';
import { ex } from '../actions/fields.ts';
import { SessionProfile } from '../actions/provider-contract.ts';

/**
 * Every webhook event type, declared once with its payload: the webhook body less `hash`, as
 * `get_events` also shows it. The OpenAPI `webhooks` section and the tests read this list.
 *
 * A request's outcome events come from the action declarations (each action's `events`); the
 * others are entries of `otherEvents` below. Adding an event type is one entry there.
 */
export interface EventDeclaration {
  type: string;
  summary: string;
  description: string;
  /** What makes it: a request finishing, the account's state changing, LinkedIn by itself, an integrator's test. */
  origin: 'request' | 'account' | 'unsolicited' | 'test';
  /** The payload's JSON Schema (closed: every field is declared). */
  payload: TObject;
  /** The payload's `event_type` when it is fixed (events not about one request's action). */
  eventType?: string;
  example: Record<string, unknown>;
}

const REQ = 'req_01jq3xb1c2d3e4f5g6h7j8k9m0';
const nullable = (s: TSchema) => Type.Union([s, Type.Null()]);

/** `event` and `event_type` (We-Link's path-like name) lead every payload; `extra` follows in order. */
function payload(type: string, eventType: TSchema, extra: TProperties): TObject {
  return Type.Object({ event: Type.Literal(type), event_type: eventType, ...extra }, { additionalProperties: false });
}

const requestIds = {
  requestId: Type.String({ description: 'The request this event is about (get_response takes it).' }),
  request_id: Type.String({ description: 'The same id, snake_case, as some We-Link pages spell it.' }),
  accountId: Type.String(),
};

/** A result larger than 256 KiB leaves as this marker, in webhooks and get_events alike (webhooks/payload.ts). */
const Truncated = Type.Object(
  { truncated: Type.Literal(true), bytes: Type.Integer(), message: Type.String() },
  { additionalProperties: false, description: 'The result was over 256 KiB: read it whole with get_response.' },
);

const oneOf = (schemas: TSchema[]) => (schemas.length === 1 ? schemas[0] : Type.Union(schemas));
const pathOf = (a: Pick<Action, 'name'>) => `/api/v1/${a.name}`;
const pathsOf = (list: readonly Pick<Action, 'name'>[]) => oneOf(list.map((a) => Type.Literal(pathOf(a))));

/** A request's success or failure event, for every action that emits it (MESSAGE_SENT ends ten of them). */
function outcomeEvent(type: ActionEventType, kind: 'success' | 'failure'): EventDeclaration {
  const from = actions.filter((a) => a.events[kind] === type);
  const first = from[0];
  const names = from.map((a) => a.name).join(', ');
  if (kind === 'success') {
    const results = [...new Map(from.map((a) => [JSON.stringify(a.result), a.result as TSchema])).values()];
    return {
      type,
      summary: `${type} (${names} succeeded)`,
      description: `Sent when ${names} succeeds. \`result\` holds the action's result, as get_response answers it.`,
      origin: 'request',
      payload: payload(type, pathsOf(from), {
        status: Type.Literal('SUCCESS'),
        state: Type.Literal('SUCCESS'),
        ...requestIds,
        result: Type.Union([oneOf(results), Truncated]),
        message: Type.Null(),
      }),
      example: { event: type, event_type: pathOf(first), status: 'SUCCESS', state: 'SUCCESS', requestId: REQ, request_id: REQ, accountId: ex.accountId, result: first.exampleResult, message: null },
    };
  }
  const codes = [...new Set(from.flatMap((a) => a.errors))].filter((c) => c !== 'PIN_REQUIRED');
  const code = codes[0];
  return {
    type,
    summary: `${type} (${names} failed)`,
    description:
      `Sent when ${names} fails. \`status\` and \`error\` hold the failure code: ${codes.join(', ')}, ` +
      `or one any action can end with (${anyActionFailures.join(', ')}). \`result\`, when present, names what the failure is about (e.g. \`profile_id\`).`,
    origin: 'request',
    payload: payload(type, pathsOf(from), {
      status: Type.String({ description: 'The failure code.' }),
      state: Type.Literal('FAILED'),
      ...requestIds,
      error: Type.String({ description: 'The failure code (as `status`).' }),
      message: Type.String(),
      result: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
    example: { event: type, event_type: pathOf(first), status: code, state: 'FAILED', requestId: REQ, request_id: REQ, accountId: ex.accountId, error: code, message: failureCatalogue[code].message },
  };
}

const person = { profile_id: Type.String(), first_name: Type.String(), last_name: Type.String(), full_name: Type.String() };
const ada = { profile_id: ex.profileId, first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace' };
const loginActions = actions.filter((a) => a.kind === 'login');

/** What happens to an unsolicited event's envelope: no request caused it, so its ids are null (receivers dedupe on them). */
function unsolicited<T extends string>(
  type: T,
  eventType: string,
  summary: string,
  description: string,
  result: TProperties,
  exampleResult: Record<string, unknown>,
): EventDeclaration & { type: T; origin: 'unsolicited' } {
  return {
    type,
    summary,
    description: `${description} No request causes it: \`requestId\` and \`request_id\` are null.`,
    origin: 'unsolicited',
    eventType,
    payload: payload(type, Type.Literal(eventType), {
      status: Type.Literal('SUCCESS'),
      requestId: Type.Null(),
      request_id: Type.Null(),
      accountId: Type.String(),
      result: Type.Object(result, { additionalProperties: false }),
      message: Type.Null(),
    }),
    example: { event: type, event_type: eventType, status: 'SUCCESS', requestId: null, request_id: null, accountId: ex.accountId, result: exampleResult, message: null },
  };
}

/** Events that are not an action's own outcome: one entry each. */
const otherEvents = [
  {
    type: 'LOGIN_PIN_REQUIRED',
    summary: 'LOGIN_PIN_REQUIRED (a login waits for its PIN)',
    description: 'LinkedIn asked the login for a verification code: send it with login_code (the request stays open, `state` PIN_REQUIRED).',
    origin: 'request',
    payload: payload('LOGIN_PIN_REQUIRED', pathsOf(loginActions), {
      status: Type.Literal('PIN_REQUIRED'),
      state: Type.Literal('PIN_REQUIRED'),
      ...requestIds,
      message: Type.String(),
    }),
    example: {
      event: 'LOGIN_PIN_REQUIRED',
      event_type: '/api/v1/login_v2',
      status: 'PIN_REQUIRED',
      state: 'PIN_REQUIRED',
      requestId: REQ,
      request_id: REQ,
      accountId: ex.accountId,
      message: failureCatalogue.PIN_REQUIRED.message,
    },
  },
  {
    type: 'REQUEST_CANCELLED',
    summary: 'REQUEST_CANCELLED (cancel_request)',
    description: 'A queued request was cancelled before it ran (cancel_request). `event_type` is the action of the request.',
    origin: 'request',
    payload: payload('REQUEST_CANCELLED', pathsOf(actions), {
      status: Type.Literal('CANCELLED'),
      state: Type.Literal('CANCELLED'),
      ...requestIds,
      message: Type.String(),
    }),
    example: {
      event: 'REQUEST_CANCELLED',
      event_type: '/api/v1/connect',
      status: 'CANCELLED',
      state: 'CANCELLED',
      requestId: REQ,
      request_id: REQ,
      accountId: ex.accountId,
      message: 'The request was cancelled before it ran.',
    },
  },
  {
    type: 'REQUEST_FAILED',
    summary: 'REQUEST_FAILED (a request of an action this version does not know)',
    description:
      'A request whose action this version of welink does not know (accepted by a newer version, run by an older worker) fails with UNKNOWN_ACTION. ' +
      '`event` is null: the action and so its own event type are unknown.',
    origin: 'request',
    payload: Type.Object(
      {
        event: Type.Null(),
        event_type: Type.String(),
        status: Type.String(),
        state: Type.Literal('FAILED'),
        ...requestIds,
        error: Type.String(),
        message: Type.String(),
        result: Type.Optional(Type.Object({}, { additionalProperties: true })),
      },
      { additionalProperties: false },
    ),
    example: {
      event: null,
      event_type: '/api/v1/an_action_from_the_future',
      status: 'UNKNOWN_ACTION',
      state: 'FAILED',
      requestId: REQ,
      request_id: REQ,
      accountId: ex.accountId,
      error: 'UNKNOWN_ACTION',
      message: 'No action named an_action_from_the_future.',
    },
  },
  {
    type: 'ACCOUNT_PAUSED',
    summary: 'ACCOUNT_PAUSED (the account needs reconnecting)',
    description:
      'The account is PAUSED and its requests wait (nothing fails). `status` says why: LinkedIn ended the session or wants a security check ' +
      '(SESSION_EXPIRED, CHECKPOINT_REQUIRED: reconnect it with login_v2, or connect_account_cookies in live workspaces), LinkedIn suspected a bot twice in a day ' +
      '(LINKEDIN_THROTTLED: resume it with resume_account when you have slowed down), or the owner paused it (PAUSED_BY_OWNER, pause_account). ' +
      'Once it is reconnected or resumed, its requests run again.',
    origin: 'account',
    payload: payload('ACCOUNT_PAUSED', Type.Literal('/api/v1/account_paused'), {
      status: Type.String({ description: 'Why: the failure code that paused it.' }),
      accountId: Type.String(),
      message: Type.String(),
    }),
    example: {
      event: 'ACCOUNT_PAUSED',
      event_type: '/api/v1/account_paused',
      status: 'SESSION_EXPIRED',
      accountId: ex.accountId,
      message: failureCatalogue.SESSION_EXPIRED.message,
    },
  },
  {
    type: 'ACCOUNT_HELD',
    summary: 'ACCOUNT_HELD (LinkedIn pushed back: welink holds the account or one kind of action)',
    description:
      'LinkedIn pushed back and welink stops sending it work until `until`: `scope` is `account` after HTTP 429 (LINKEDIN_THROTTLED: 15 minutes, doubling on repeats within a day) ' +
      'or 999 (LINKEDIN_BOT_SUSPICION: 6 hours; a second one within a day pauses the account instead, see ACCOUNT_PAUSED), during which nothing of the account is sent to LinkedIn; ' +
      'or a budget category (`invitations`, `invitation_notes`, `messages`, `inmails`, `profile_views`, `searches`, `engagement`) after LinkedIn refused it (WEEKLY_INVITATION_LIMIT...) ' +
      "or when welink's own budget of it is spent (BUDGET_SPENT), during which only those requests wait. Requests wait in their place; nothing fails.",
    origin: 'account',
    payload: payload('ACCOUNT_HELD', Type.Literal('/api/v1/account_held'), {
      status: Type.String({ description: 'Why: LINKEDIN_THROTTLED, LINKEDIN_BOT_SUSPICION, BUDGET_SPENT or the LinkedIn refusal (WEEKLY_INVITATION_LIMIT...).' }),
      accountId: Type.String(),
      scope: Type.String({ description: '`account`, or the budget category held.' }),
      until: Type.String({ description: 'When the hold ends and the waiting requests run again (ISO 8601).' }),
      message: Type.String(),
    }),
    example: {
      event: 'ACCOUNT_HELD',
      event_type: '/api/v1/account_held',
      status: 'LINKEDIN_THROTTLED',
      accountId: ex.accountId,
      scope: 'account',
      until: '2026-01-05T09:15:00.000Z',
      message: 'LinkedIn throttled this account (HTTP 429): nothing is sent to LinkedIn for it for 15 minutes; its requests wait in order.',
    },
  },
  {
    type: 'ACCOUNT_RESUMED',
    summary: 'ACCOUNT_RESUMED (resume_account)',
    description: 'A paused account was resumed by its owner (resume_account): it is ACTIVE again and its waiting requests run.',
    origin: 'account',
    payload: payload('ACCOUNT_RESUMED', Type.Literal('/api/v1/resume_account'), {
      status: Type.Literal('SUCCESS'),
      accountId: Type.String(),
      message: Type.String(),
    }),
    example: {
      event: 'ACCOUNT_RESUMED',
      event_type: '/api/v1/resume_account',
      status: 'SUCCESS',
      accountId: ex.accountId,
      message: 'The account was resumed (it was paused: PAUSED_BY_OWNER).',
    },
  },
  {
    type: 'ACCOUNT_CONNECTED',
    summary: 'ACCOUNT_CONNECTED (connect_account_cookies, hosted connection links)',
    description:
      'An account was connected (or reconnected): with its session cookies (connect_account_cookies, `resumed` true when a paused account resumed), ' +
      'or by its owner through a hosted connection link (`connectLinkId`; after a credential login, `requestId` is that login request). Never carries credentials.',
    origin: 'account',
    payload: payload('ACCOUNT_CONNECTED', Type.Union([Type.Literal('/api/v1/connect_account_cookies'), Type.Literal('/api/v1/create_connect_link')]), {
      status: Type.Literal('SUCCESS'),
      requestId: Type.Optional(nullable(Type.String({ description: 'The login request, when the link connected it with a credential login.' }))),
      request_id: Type.Optional(nullable(Type.String())),
      accountId: Type.String(),
      resumed: Type.Optional(Type.Boolean()),
      connectLinkId: Type.Optional(Type.String({ description: 'The hosted connection link the owner used.' })),
      result: nullable(
        Type.Object(
          {
            first_name: SessionProfile.properties.first_name,
            last_name: SessionProfile.properties.last_name,
            profile_id: SessionProfile.properties.profile_id,
            public_identifier: SessionProfile.properties.public_identifier,
            premium: Type.Boolean(),
            occupation: Type.String(),
            email: Type.Optional(Type.String()),
            headline: Type.Optional(Type.String()),
            location: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
      ),
    }),
    example: {
      event: 'ACCOUNT_CONNECTED',
      event_type: '/api/v1/connect_account_cookies',
      status: 'SUCCESS',
      accountId: ex.accountId,
      resumed: false,
      result: { first_name: 'Ada', last_name: 'Lovelace', profile_id: ex.profileId, public_identifier: 'ada-lovelace-3f9a1', premium: false, occupation: 'Analyst' },
    },
  },
  {
    type: 'WEBHOOK_TEST',
    summary: 'WEBHOOK_TEST (test_webhook)',
    description: 'Sent by test_webhook to that one endpoint, whatever its event filter. Numbered in the event log like any other event.',
    origin: 'test',
    payload: payload('WEBHOOK_TEST', Type.Literal('/api/v1/test_webhook'), {
      status: Type.Literal('SUCCESS'),
      webhookId: Type.String(),
      message: Type.String(),
    }),
    example: { event: 'WEBHOOK_TEST', event_type: '/api/v1/test_webhook', status: 'SUCCESS', webhookId: 'whk_01jq3xc7d8e9f0g1h2j3k4m5n6', message: 'A test event sent with test_webhook.' },
  },
  unsolicited(
    'CONNECTION_ACCEPTED',
    '/api/v1/connection_accepted',
    'CONNECTION_ACCEPTED (an invitation was accepted)',
    'An invitation the account sent was accepted. `connect_request_id` is the connect request that sent it. ' +
      "In live workspaces it comes from the account's sync (every 10 to 20 minutes inside its active hours), and `invitation_id` is null when LinkedIn did not give one.",
    {
      ...person,
      invitation_id: nullable(Type.String()),
      connect_request_id: nullable(Type.String()),
      headline: Type.String(),
      public_identifier: Type.String(),
      profile_url: Type.String(),
      accepted_at: Type.Number(),
    },
    {
      ...ada,
      invitation_id: ex.invitationId,
      connect_request_id: REQ,
      headline: 'Analyst at Analytical Engines Ltd',
      public_identifier: 'ada-lovelace-3f9a1',
      profile_url: ex.profileUrl,
      accepted_at: 1767603600000,
    },
  ),
  unsolicited(
    'MESSAGE_RECEIVED',
    '/api/v1/message_received',
    'MESSAGE_RECEIVED (a contact wrote)',
    "A contact wrote to the account (any conversation, tracked or not). In live workspaces it comes from the account's sync (every 10 to 20 minutes inside its active hours).",
    { thread_id: Type.String(), message_id: Type.String(), ...person, text: Type.String(), sent_at: Type.Number() },
    { thread_id: ex.threadId, message_id: ex.messageId, ...ada, text: 'Thanks, sounds interesting!', sent_at: 1767607200000 },
  ),
  unsolicited(
    'MESSAGE_REPLY',
    '/api/v1/message_reply',
    'MESSAGE_REPLY (a tracked conversation got its reply)',
    "Reply tracking (`track_reply: true` on a send) saw the contact reply, at its first poll after the reply (sandbox: every `frequency` hours; live: the account's sync, every 10 to 20 minutes); the tracker then stops. `sent_request_id` is the tracked send.",
    {
      tracker_id: Type.String(),
      thread_id: Type.String(),
      message_id: Type.String(),
      ...person,
      text: Type.String(),
      replied_at: Type.Number(),
      detected_at: Type.Number(),
      sent_request_id: nullable(Type.String()),
    },
    {
      tracker_id: 'trk_01jq3xd4f5g6h7j8k9m0n1p2q3',
      thread_id: ex.threadId,
      message_id: ex.messageId,
      ...ada,
      text: 'Thanks, sounds interesting!',
      replied_at: 1767607200000,
      detected_at: 1767610800000,
      sent_request_id: REQ,
    },
  ),
] as const satisfies readonly EventDeclaration[];

export type OtherEventType = (typeof otherEvents)[number]['type'];
/** Every event type welink emits. */
export type EventType = ActionEventType | OtherEventType;
/** Events no request causes, emitted by the sandbox (or, later, the live provider) noticing LinkedIn change. */
export type UnsolicitedEventType = Extract<(typeof otherEvents)[number], { origin: 'unsolicited' }>['type'];

const actionEventTypes = [...new Set(actions.flatMap((a) => [a.events.success, a.events.failure]))];

/** Every event type with its payload, in documentation order: the actions' own events, then the others. */
export const eventCatalogue: readonly EventDeclaration[] = [
  ...actionEventTypes.map((type) => outcomeEvent(type, actions.some((a) => a.events.success === type) ? 'success' : 'failure')),
  ...otherEvents,
];

const byType = new Map(eventCatalogue.map((e) => [e.type, e]));

export function eventByType(type: string): EventDeclaration | undefined {
  return byType.get(type);
}

/** The payload of an unsolicited event, as its declaration above describes it. */
export function unsolicitedPayload(type: UnsolicitedEventType, accountId: string, result: Record<string, unknown>): Record<string, unknown> {
  return { event: type, event_type: byType.get(type)?.eventType, status: 'SUCCESS', requestId: null, request_id: null, accountId, result, message: null };
}
