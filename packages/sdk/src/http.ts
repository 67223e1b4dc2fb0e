import { WelinkError, type FieldProblem } from './errors.js';
import { sleep } from './sleep.js';

/** The part of `fetch` the SDK uses; pass your own (a proxy-aware fetch, a test server's inject...). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  userAgent: string;
}

export interface Attempt {
  method: string;
  /** Path with parameters filled in, e.g. /api/v1/requests/req_1. */
  path: string;
  body?: unknown;
  /** Sent as Idempotency-Key, unchanged on every retry of this call. */
  idempotencyKey?: string;
  /**
   * `action`: an asynchronous action with an Idempotency-Key. Retried after network errors, 5xx and
   * IDEMPOTENCY_KEY_IN_USE (the key makes a repeat return the first acknowledgement); a 429 is
   * surfaced at once with `retryAt` (it concerns the LinkedIn account's hourly budget).
   * `sync`: retried only where the server says nothing was done: 429 and 503, after Retry-After.
   * `poll`: never retried here (waitFor schedules its own polls).
   */
  retry: 'action' | 'sync' | 'poll';
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Answered {
  status: number;
  body: unknown;
  headers: { get(name: string): string | null };
}

const BACKOFF_MS = [250, 1000, 3000, 5000];

/** Sends one logical call, with the retries its kind allows; resolves with a 2xx answer or throws WelinkError. */
export async function send(o: TransportOptions, a: Attempt): Promise<Answered> {
  const headers: Record<string, string> = {
    'x-api-key': o.apiKey,
    'x-api-secret': o.apiSecret,
    accept: 'application/json',
    'user-agent': o.userAgent,
  };
  if (a.body !== undefined) headers['content-type'] = 'application/json';
  if (a.idempotencyKey !== undefined) headers['idempotency-key'] = a.idempotencyKey;
  const payload = a.body === undefined ? undefined : JSON.stringify(a.body);

  for (let attempt = 0; ; attempt++) {
    let error: WelinkError;
    let waitMs: number | null = null;
    try {
      const answer = await once(o, a, headers, payload);
      if (answer.status >= 200 && answer.status < 300) return answer;
      error = errorFrom(answer);
      const retryAfterMs = retryAfter(answer.headers);
      const retryable =
        (a.retry === 'sync' && (answer.status === 429 || answer.status === 503)) ||
        (a.retry === 'action' && (answer.status >= 500 || error.code === 'IDEMPOTENCY_KEY_IN_USE'));
      if (retryable) waitMs = retryAfterMs ?? BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    } catch (err) {
      if (!(err instanceof WelinkError)) throw err;
      error = err;
      // A lost connection may or may not have reached the server: only an idempotent action retries.
      if (a.retry === 'action' && (err.code === 'NETWORK_ERROR' || err.code === 'TIMEOUT')) waitMs = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    }
    if (waitMs === null || attempt >= o.maxRetries || waitMs > o.maxRetryWaitMs) throw error;
    await sleep(waitMs, a.signal);
  }
}

async function once(o: TransportOptions, a: Attempt, headers: Record<string, string>, payload: string | undefined): Promise<Answered> {
  if (a.signal?.aborted) throw aborted(a.signal.reason);
  const timeout = AbortSignal.timeout(a.timeoutMs ?? o.timeoutMs);
  const signal = a.signal ? AbortSignal.any([a.signal, timeout]) : timeout;
  let status: number;
  let text: string;
  let resHeaders: Answered['headers'];
  try {
    const res = await o.fetch(o.baseUrl + a.path, { method: a.method, headers, body: payload, signal });
    status = res.status;
    resHeaders = res.headers;
    text = await res.text();
    // A fetch that ignores the signal (or answers an aborted request) must not look like an answer.
    if (a.signal?.aborted) throw a.signal.reason;
  } catch (err) {
    if (a.signal?.aborted) throw aborted(a.signal.reason);
    if (timeout.aborted) {
      throw new WelinkError({ statusCode: 0, code: 'TIMEOUT', message: `${a.method} ${a.path} got no answer within ${a.timeoutMs ?? o.timeoutMs} ms.`, cause: err });
    }
    throw new WelinkError({ statusCode: 0, code: 'NETWORK_ERROR', message: `${a.method} ${a.path} failed: ${err instanceof Error ? err.message : String(err)}`, cause: err });
  }
  let body: unknown = text;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      if (status >= 200 && status < 300) {
        throw new WelinkError({ statusCode: status, code: 'INVALID_RESPONSE', message: `${a.method} ${a.path} answered ${status} with a body that is not JSON.`, body: text });
      }
    }
  }
  return { status, body, headers: resHeaders };
}

function aborted(reason: unknown): WelinkError {
  return new WelinkError({ statusCode: 0, code: 'ABORTED', message: 'The call was aborted.', cause: reason });
}

/** Seconds (or an HTTP date) of a Retry-After header, in milliseconds from now. */
function retryAfter(headers: Answered['headers']): number | null {
  const v = headers.get('retry-after');
  if (v === null) return null;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function errorFrom(answer: Answered): WelinkError {
  const b = (answer.body && typeof answer.body === 'object' ? answer.body : {}) as Record<string, unknown>;
  const retryMs = retryAfter(answer.headers);
  const retryAt =
    typeof b.retryAt === 'string' && !Number.isNaN(Date.parse(b.retryAt)) ? new Date(b.retryAt) : retryMs !== null ? new Date(Date.now() + retryMs) : null;
  return new WelinkError({
    statusCode: answer.status,
    code: typeof b.code === 'string' ? b.code : 'INVALID_RESPONSE',
    message: typeof b.message === 'string' ? b.message : `The server answered ${answer.status} without the API's error body.`,
    retryAt,
    details: Array.isArray(b.details) ? (b.details as FieldProblem[]) : [],
    body: answer.body,
  });
}
