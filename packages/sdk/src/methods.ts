/**
 * The types of the operation methods, all derived from the generated OpenAPI types: nothing about
 * an operation's body or answer is written twice.
 */
import type { operations, webhooks } from './generated/openapi.js';
import type { ActionName, OperationName } from './generated/operations.js';
import type { components as resultTypes } from './generated/results.js';

type Op<N extends OperationName> = operations[N];
type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;

type BodyOf<N extends OperationName> = Op<N> extends { requestBody: infer R } ? JsonBody<R> : {};
type PathOf<N extends OperationName> = Op<N> extends { parameters: { path: infer P } } ? (P extends object ? P : {}) : {};

/** What a method takes: the JSON body, plus path parameters (`get_request({ id })`). */
export type Input<N extends OperationName> = BodyOf<N> & PathOf<N>;

/** What a method resolves with: the operation's success answer. */
export type Answer<N extends OperationName> = Op<N> extends { responses: { 200: infer R } } ? JsonBody<R> : unknown;

/** The typed result of a successful action (`result` of its get_response envelope and webhook). */
export type ResultOf<N extends ActionName> = resultTypes['schemas'][N];

/** The acknowledgement of an asynchronous action, tagged with its action so `waitFor` knows the result type. */
export type Ack<N extends ActionName> = Omit<Answer<N>, 'action'> & { action: N };

/** The envelope `get_response` answers. */
export type Envelope = Answer<'get_response'>;

type EnvelopeBase = Omit<Envelope, 'state' | 'result' | 'error'>;

/**
 * Where a request ended (or stopped to wait for you), as a value: a LinkedIn-side failure such as
 * PROFILE_NOT_FOUND is an expected outcome, not an exception. Narrow on `state`.
 */
export type Outcome<N extends ActionName = ActionName> =
  | (EnvelopeBase & { state: 'SUCCESS'; result: ResultOf<N> })
  | (EnvelopeBase & { state: 'FAILED'; error: string; message: string; result?: unknown })
  | (EnvelopeBase & { state: 'CANCELLED' })
  /** A login waiting for `login_code`: call it, then wait again. */
  | (EnvelopeBase & { state: 'PIN_REQUIRED' });

/** Options of every call. */
export interface CallOptions {
  /** Aborts the call (and any wait). */
  signal?: AbortSignal;
  /** Per HTTP attempt, in milliseconds. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
}

/** Options of an asynchronous action. */
export interface ActionOptions extends CallOptions {
  /**
   * The Idempotency-Key to send. Default: a new random key per call, reused by the SDK's own
   * retries of that call. Pass your own (e.g. derived from your database row) to make retries
   * across process restarts safe too.
   */
  idempotencyKey?: string;
}

/** Options of `waitFor` (and of an action called with `{ wait: true }`). */
export interface WaitOptions {
  /** Give up after this long (WelinkError TIMEOUT, with the last envelope in `body`). Default 300000 (5 min). */
  timeoutMs?: number;
  /** First pause between two polls. Default 500 ms; it grows by half each poll up to `maxIntervalMs`. */
  intervalMs?: number;
  /** Longest pause between two polls. Default 5000 ms. */
  maxIntervalMs?: number;
  signal?: AbortSignal;
}

type MaybeInput<N extends OperationName> = {} extends Input<N> ? [input?: Input<N>] : [input: Input<N>];

/** A synchronous operation: resolves with its answer. */
export type SyncMethod<N extends OperationName> = (...args: [...MaybeInput<N>, options?: CallOptions]) => Promise<Answer<N>>;

/** An asynchronous LinkedIn action: resolves with the acknowledgement, or with `{ wait: true }` with the outcome. */
export interface ActionMethod<N extends ActionName> {
  (input: Input<N>, options?: ActionOptions & { wait?: false }): Promise<Ack<N>>;
  (input: Input<N>, options: ActionOptions & { wait: true; waitOptions?: WaitOptions }): Promise<Outcome<N>>;
}

type WebhookBody<K extends keyof webhooks> = webhooks[K] extends { post: { requestBody?: infer R } } ? JsonBody<NonNullable<R>> : never;

/**
 * A webhook body as documented in the `webhooks` section of the OpenAPI document, by event type.
 * The document lists no required fields, but the server always sends every listed one.
 */
export type DocumentedWebhookEvent = { [K in keyof webhooks]: Required<WebhookBody<K>> }[keyof webhooks];

/**
 * Events the server also sends but the document's `webhooks` section does not describe (yet):
 * the lifecycle of a request or an account, and the test event of `test_webhook`.
 */
export interface LifecycleWebhookEvent {
  event: 'LOGIN_PIN_REQUIRED' | 'REQUEST_CANCELLED' | 'ACCOUNT_PAUSED' | 'ACCOUNT_CONNECTED' | 'WEBHOOK_TEST';
  event_type: string;
  status: string;
  accountId?: string | null;
  requestId?: string | null;
  request_id?: string | null;
  message?: string | null;
  result?: unknown;
  /** ACCOUNT_CONNECTED: whether a paused account was resumed. */
  resumed?: boolean;
  hash?: string;
}

/** A verified webhook body. Narrow on `event`. */
export type WebhookEvent = DocumentedWebhookEvent | LifecycleWebhookEvent;

/** An event's payload in the event log: the webhook body without `hash`. */
export type EventPayload = WebhookEvent extends infer E ? (E extends unknown ? Omit<E, 'hash'> : never) : never;

/** One entry of the ordered event log (`get_events`). `seq` is the cursor: pass the last one you handled as `after`. */
export type LoggedEvent = Omit<Answer<'get_events'>['events'][number], 'payload'> & { payload: EventPayload };
