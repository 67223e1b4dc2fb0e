import { randomUUID } from 'node:crypto';
import { WelinkError } from './errors.js';
import { eventLog, type EventsOptions } from './events.js';
import { operationTable, type ActionName, type OperationMethods, type OperationName } from './generated/operations.js';
import { send, type FetchLike, type TransportOptions } from './http.js';
import type { Ack, ActionOptions, Answer, Input, LoggedEvent, Outcome, WaitOptions } from './methods.js';
import { waitForOutcome } from './wait.js';

export const SDK_VERSION = '0.1.0';

export interface WelinkOptions {
  /** Where welink runs, e.g. `http://localhost:8080` (no `/api/v1`). */
  baseUrl: string;
  /** The API key (`wl_key_...`). */
  apiKey: string;
  /** The API secret (`wl_secret_...`). */
  apiSecret: string;
  /** Timeout of one HTTP attempt, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Retries of one call where they are safe (see README). Default 2; 0 disables them. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the 429 is thrown with `retryAt`. Default 60000. */
  maxRetryWaitMs?: number;
  /** Replaces the global fetch (a proxy agent, an in-process server...). */
  fetch?: FetchLike;
}

/** Options of the generic `request()`: an action's options, plus `wait`. */
export type RequestOptions = ActionOptions & { wait?: boolean; waitOptions?: WaitOptions };

export interface Welink extends OperationMethods {}

/**
 * A welink API client. Every operation is a method named after it (`welink.connect({...})`,
 * `welink.get_all_ln_accounts()`), typed from the server's OpenAPI document. Asynchronous actions
 * resolve with their acknowledgement, or with `{ wait: true }` with their outcome.
 */
export class Welink {
  readonly #transport: TransportOptions;

  constructor(options: WelinkOptions) {
    for (const k of ['baseUrl', 'apiKey', 'apiSecret'] as const) {
      if (typeof options?.[k] !== 'string' || options[k] === '') throw new TypeError(`new Welink(): ${k} is required`);
    }
    const fetcher = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (!fetcher) throw new TypeError('new Welink(): no global fetch; pass options.fetch');
    this.#transport = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      fetch: fetcher,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
      userAgent: `welink-sdk/${SDK_VERSION}`,
    };
  }

  /**
   * Calls any operation by name; the named methods are this with the name filled in. An unknown
   * name throws TypeError.
   */
  request<N extends ActionName>(name: N, input: Input<N>, options: RequestOptions & { wait: true }): Promise<Outcome<N>>;
  request<N extends OperationName>(name: N, input?: Input<N>, options?: RequestOptions): Promise<N extends ActionName ? Ack<N> : Answer<N>>;
  async request(name: OperationName, input: object = {}, options: RequestOptions = {}): Promise<unknown> {
    const op = Object.hasOwn(operationTable, name) ? operationTable[name] : undefined;
    if (!op) throw new TypeError(`welink has no operation ${JSON.stringify(name)}`);
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new TypeError(`${name}: the input must be an object`);
    let path: string = op.path;
    let body: Record<string, unknown> | undefined = { ...(input as Record<string, unknown>) };
    for (const p of 'pathParams' in op ? op.pathParams : []) {
      const v = body[p];
      if (typeof v !== 'string' || v === '') throw new TypeError(`${name}: ${p} is required`);
      path = path.replace(`{${p}}`, encodeURIComponent(v));
      delete body[p];
    }
    if (op.method === 'GET') body = undefined;
    const answer = await send(this.#transport, {
      method: op.method,
      path,
      body,
      idempotencyKey: op.action ? (options.idempotencyKey ?? randomUUID()) : undefined,
      retry: op.action ? 'action' : 'sync',
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    if (!op.action || !options.wait) return answer.body;
    const ack = answer.body as { requestId?: unknown };
    if (typeof ack?.requestId !== 'string') {
      throw new WelinkError({ statusCode: answer.status, code: 'INVALID_RESPONSE', message: `${name} answered without a requestId.`, body: answer.body });
    }
    return this.waitFor(ack.requestId, { signal: options.signal, ...options.waitOptions });
  }

  /**
   * Polls get_response until the request finishes (or, for a login, asks for its PIN) and resolves
   * with the outcome: `state` SUCCESS with the typed `result`, FAILED with `error` and `message`,
   * CANCELLED, or PIN_REQUIRED. Pass the acknowledgement itself to get the action's result type.
   * Rejects with WelinkError TIMEOUT after `timeoutMs` (default 5 minutes), or on an API error.
   */
  waitFor<N extends ActionName>(request: Ack<N>, options?: WaitOptions): Promise<Outcome<N>>;
  waitFor(requestId: string, options?: WaitOptions): Promise<Outcome>;
  waitFor(request: unknown, options: WaitOptions = {}): Promise<Outcome> {
    const id = typeof request === 'string' ? request : (request as { requestId?: unknown } | null)?.requestId;
    if (typeof id !== 'string' || id === '') return Promise.reject(new TypeError('waitFor: a requestId (or an acknowledgement) is required'));
    return waitForOutcome(this.#transport, id, options);
  }

  /**
   * The workspace's ordered event log (get_events) as an async iterator, from `after` on. With
   * `follow: true` it waits for new events instead of ending. Store each handled event's `seq` to
   * resume later with `after`.
   */
  events(options: EventsOptions = {}): AsyncGenerator<LoggedEvent, void, undefined> {
    return eventLog(this.#transport, options);
  }
}

// One method per operation, on the prototype: `welink.connect(input, options)` is `request('connect', ...)`.
for (const name of Object.keys(operationTable) as OperationName[]) {
  if (name in Welink.prototype) throw new Error(`operation ${name} collides with a Welink method`);
  Object.defineProperty(Welink.prototype, name, {
    value: function (this: Welink, input?: object, options?: RequestOptions) {
      return this.request(name, input as never, options);
    },
    writable: true,
    configurable: true,
  });
}

/**
 * The typed result of a successful outcome; any other outcome throws WelinkError with the failure
 * code (e.g. PROFILE_NOT_FOUND), CANCELLED or PIN_REQUIRED as `code` (statusCode 0).
 */
export function unwrap<N extends ActionName>(outcome: Outcome<N>): Extract<Outcome<N>, { state: 'SUCCESS' }>['result'] {
  if (outcome.state === 'SUCCESS') return outcome.result;
  const code = outcome.state === 'FAILED' ? outcome.error : outcome.state;
  throw new WelinkError({ statusCode: 0, code, message: outcome.message ?? `The request ended ${outcome.state}.`, body: outcome });
}
