import { WelinkError } from './errors.js';
import { send, type TransportOptions } from './http.js';
import type { Envelope, Outcome, WaitOptions } from './methods.js';
import { sleep } from './sleep.js';

/** States after which polling stops: the end of the request, or a login waiting for its PIN. */
const STOP_STATES = new Set(['SUCCESS', 'FAILED', 'CANCELLED', 'PIN_REQUIRED']);

export const WAIT_DEFAULTS = { timeoutMs: 300_000, intervalMs: 500, maxIntervalMs: 5_000 };

/**
 * Polls get_response until the request stops (see STOP_STATES) or `timeoutMs` passes. Pauses grow
 * by half from `intervalMs` to `maxIntervalMs`; a 429 or 503 pauses until its Retry-After; a lost
 * connection or a 5xx is polled again (reading is always safe). Other API errors end the wait.
 */
export async function waitForOutcome(transport: TransportOptions, requestId: string, options: WaitOptions = {}): Promise<Outcome> {
  const o = { ...WAIT_DEFAULTS, ...options };
  const deadline = Date.now() + o.timeoutMs;
  let interval = o.intervalMs;
  let last: Envelope | null = null;
  for (;;) {
    let pause = interval;
    try {
      const answer = await send(transport, {
        method: 'POST',
        path: '/api/v1/get_response',
        body: { request_id: requestId },
        retry: 'poll',
        signal: o.signal,
        timeoutMs: Math.max(1000, Math.min(transport.timeoutMs, deadline - Date.now())),
      });
      const env = answer.body as Envelope;
      if (!env || typeof env !== 'object' || typeof env.state !== 'string') {
        throw new WelinkError({ statusCode: answer.status, code: 'INVALID_RESPONSE', message: 'get_response answered without a request envelope.', body: answer.body });
      }
      if (STOP_STATES.has(env.state)) return env as Outcome;
      last = env;
    } catch (err) {
      if (!(err instanceof WelinkError) || !transient(err)) throw err;
      if (err.retryAt) pause = Math.max(pause, err.retryAt.getTime() - Date.now());
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new WelinkError({
        statusCode: 0,
        code: 'TIMEOUT',
        message: `Request ${requestId} is still ${last?.state ?? 'unknown'} after ${o.timeoutMs} ms.`,
        body: last,
      });
    }
    await sleep(Math.min(pause, remaining), o.signal);
    interval = Math.min(Math.ceil(interval * 1.5), o.maxIntervalMs);
  }
}

function transient(err: WelinkError): boolean {
  return err.code === 'NETWORK_ERROR' || err.code === 'TIMEOUT' || err.statusCode === 429 || err.statusCode >= 500;
}
