import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { systemClock, type Clock } from '../lib/clock.ts';
import { guardedLookup, isForbiddenAddress, parseWebhookUrl } from '../lib/ssrf.ts';

/**
 * One webhook delivery attempt: a single POST, no retries, no redirects. Retry policy, logging
 * and endpoint disabling belong to the caller; this only reports what happened.
 */

export type DeliveryErrorCode = 'TIMEOUT' | 'CONNECTION_FAILED' | 'WEBHOOK_URL_FORBIDDEN' | 'WEBHOOK_URL_INVALID';

export type DeliveryOutcome =
  /** The receiver answered 2xx. */
  | { kind: 'delivered'; status: number; durationMs: number; excerpt: string }
  /**
   * The receiver answered with anything else, 3xx included (redirects are not followed: the
   * target was checked, the redirect target was not). `gone` is a 410, which disables the endpoint.
   */
  | { kind: 'rejected'; status: number; durationMs: number; excerpt: string; retryAfterMs?: number; gone: boolean }
  /** No HTTP answer at all. */
  | { kind: 'error'; code: DeliveryErrorCode; message: string; durationMs: number };

export interface PostWebhookOptions {
  url: string;
  /** Signature and id headers; Content-Type and Content-Length are always set here. */
  headers: Record<string, string>;
  /** The exact body that was signed. */
  body: string;
  /** Bound on the whole attempt: connect, send, response headers and excerpt. */
  timeoutMs: number;
  /** Allow loopback/private targets (WELINK_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** How much of the response body to keep for the delivery log. Default 512 bytes. */
  excerptBytes?: number;
  /** For turning an HTTP-date `Retry-After` into a delay. Default: system clock. */
  clock?: Clock;
}

export const WEBHOOK_USER_AGENT = 'welink-webhooks/1';

/** `Retry-After` as a delay in ms: delta-seconds or an HTTP date; undefined when absent or unusable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Sends one attempt. Never throws: every failure is an `error` outcome with a stable code. */
export function postWebhook(opts: PostWebhookOptions): Promise<DeliveryOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (code: DeliveryErrorCode, message: string): DeliveryOutcome => ({
    kind: 'error',
    code,
    message,
    durationMs: elapsed(),
  });

  const parsed = parseWebhookUrl(opts.url);
  if (!parsed.ok) return Promise.resolve(fail(parsed.code, parsed.message));
  const { url, host } = parsed;
  // A literal IP never goes through `lookup`, so it is checked here instead.
  if (!opts.allowPrivate && isIP(host) && isForbiddenAddress(host)) {
    return Promise.resolve(
      fail('WEBHOOK_URL_FORBIDDEN', `webhook URL points to a private, loopback, link-local or reserved address (${host})`),
    );
  }

  const excerptBytes = opts.excerptBytes ?? 512;
  const clock = opts.clock ?? systemClock;

  return new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const kept: Buffer[] = [];
    let keptBytes = 0;

    const settle = (outcome: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // We never read past the excerpt, so the connection cannot be reused: close it.
      req.destroy();
      resolve(outcome);
    };

    const finishWithResponse = () => {
      const res = response!;
      const status = res.statusCode ?? 0;
      // No decoder.end(): a multi-byte character cut by the excerpt limit is dropped, not mangled.
      const excerpt = new StringDecoder('utf8').write(Buffer.concat(kept).subarray(0, excerptBytes));
      const durationMs = elapsed();
      if (status >= 200 && status < 300) return settle({ kind: 'delivered', status, durationMs, excerpt });
      const header = res.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, clock.now());
      settle({
        kind: 'rejected',
        status,
        durationMs,
        excerpt,
        gone: status === 410,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    };

    // One timer for the whole attempt: per-socket idle timeouts would let a trickling server
    // hold the worker indefinitely. If the status line already arrived, the receiver did answer,
    // so that answer is reported with whatever excerpt came in time.
    const timer = setTimeout(() => {
      if (response) finishWithResponse();
      else settle(fail('TIMEOUT', `no response within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);

    const requestOptions: RequestOptions = {
      method: 'POST',
      protocol: url.protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: {
        'user-agent': WEBHOOK_USER_AGENT,
        ...opts.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(opts.body, 'utf8')),
      },
      lookup: guardedLookup(opts.allowPrivate),
      // A fresh connection per attempt: pooled sockets would outlive the address check and we
      // destroy the socket after the excerpt anyway.
      agent: false,
    };

    let req: ReturnType<typeof httpRequest>;
    try {
      req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(requestOptions);
    } catch (err) {
      // Synchronous throws come from unusable options (e.g. a header value with a newline).
      clearTimeout(timer);
      settled = true;
      resolve(fail('CONNECTION_FAILED', `request not sent: ${(err as Error).message}`));
      return;
    }

    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      if (err.code === 'WEBHOOK_URL_FORBIDDEN') return settle(fail('WEBHOOK_URL_FORBIDDEN', err.message));
      // The status may already be in while the body errors out: the receiver still answered.
      if (response) return finishWithResponse();
      settle(fail('CONNECTION_FAILED', err.code ? `${err.code}: ${err.message}` : err.message));
    });

    req.on('response', (res) => {
      response = res;
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        kept.push(chunk);
        keptBytes += chunk.length;
        if (keptBytes >= excerptBytes) finishWithResponse();
      });
      res.on('end', () => {
        if (!settled) finishWithResponse();
      });
      // A body cut short (reset, premature close) still leaves a status worth reporting.
      res.on('error', () => {
        if (!settled) finishWithResponse();
      });
      res.on('close', () => {
        if (!settled) finishWithResponse();
      });
    });

    req.end(opts.body, 'utf8');
  });
}
