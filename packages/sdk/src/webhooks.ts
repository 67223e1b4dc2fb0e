import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './methods.js';

/**
 * Why a webhook was refused:
 * - `MISSING_SIGNATURE`: neither Standard Webhooks headers nor an in-body `hash`.
 * - `INVALID_SIGNATURE`: a signature is there but none matches the secret(s): forged or altered.
 * - `TIMESTAMP_OUT_OF_TOLERANCE`: `webhook-timestamp` is too far from now (a replayed or delayed message).
 * - `INVALID_HEADERS`: a Standard Webhooks header is missing, repeated or malformed.
 * - `INVALID_BODY`: the body is not a JSON object.
 * - `INVALID_SECRET`: the secret given to verifyWebhook is empty.
 */
export type WebhookVerificationCode =
  | 'MISSING_SIGNATURE'
  | 'INVALID_SIGNATURE'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'INVALID_HEADERS'
  | 'INVALID_BODY'
  | 'INVALID_SECRET';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly code: WebhookVerificationCode,
    message: string,
  ) {
    super(message);
  }
}

/** Headers as Node's `req.headers`, a fetch `Headers`, or any plain object (names in any case). */
export type WebhookHeaders = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** Largest accepted distance between `webhook-timestamp` and now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds (tests, or a receiver processing a stored message later). */
  now?: number;
}

const PREFIX = 'whsec_';

/**
 * Verifies a webhook from welink and returns its body as a typed event, or throws
 * WebhookVerificationError. Pass the raw body exactly as received (before any JSON parsing) and
 * the endpoint's `whsec_...` secret (or several, e.g. during a rotation).
 *
 * With Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`), those
 * decide: an HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed with the base64 part of the secret,
 * and a timestamp within `toleranceSeconds`. Without them, We-Link's in-body `hash` decides: the hex
 * HMAC-SHA256 of the body without `hash` (JSON.stringify), keyed with the whole secret text. The
 * `hash` carries no timestamp, so prefer the headers when you can: they also stop replays.
 */
export function verifyWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string | string[], options: VerifyOptions = {}): WebhookEvent {
  const secrets = (Array.isArray(secret) ? secret : [secret]).filter((s) => typeof s === 'string' && s.length > 0);
  if (secrets.length === 0) throw new WebhookVerificationError('INVALID_SECRET', 'No webhook secret given.');
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);

  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (id !== undefined || timestamp !== undefined || signature !== undefined) {
    verifyStandard(body, id, timestamp, signature, secrets, options);
    return parseEvent(body);
  }
  const event = parseEvent(body);
  if (typeof event.hash !== 'string') throw new WebhookVerificationError('MISSING_SIGNATURE', 'The webhook has neither Standard Webhooks headers nor a `hash`.');
  if (!secrets.some((s) => hashMatches(event as Record<string, unknown>, s))) {
    throw new WebhookVerificationError('INVALID_SIGNATURE', 'The `hash` does not match the secret.');
  }
  return event;
}

function verifyStandard(body: Buffer, id: string | null | undefined, timestamp: string | null | undefined, signature: string | null | undefined, secrets: string[], o: VerifyOptions): void {
  if (!id || !timestamp || !signature) throw new WebhookVerificationError('INVALID_HEADERS', 'webhook-id, webhook-timestamp and webhook-signature must all be present, once each.');
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('INVALID_HEADERS', 'webhook-timestamp is not a number of seconds.');
  const drift = Math.abs((o.now ?? Date.now()) / 1000 - Number(timestamp));
  if (drift > (o.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError('TIMESTAMP_OUT_OF_TOLERANCE', `webhook-timestamp is ${Math.round(drift)} s away from now.`);
  }
  const given = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  for (const secret of secrets) {
    const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return;
  }
  throw new WebhookVerificationError('INVALID_SIGNATURE', 'No webhook-signature matches the secret.');
}

/** We-Link's documented rule: JSON.stringify of the body without `hash`, HMAC keyed with the whole secret text. */
function hashMatches(event: Record<string, unknown>, secret: string): boolean {
  const { hash, ...rest } = event;
  const expected = Buffer.from(createHmac('sha256', secret).update(JSON.stringify(rest), 'utf8').digest('hex'), 'utf8');
  const given = Buffer.from(String(hash), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseEvent(body: Buffer): WebhookEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('INVALID_BODY', 'The webhook body is not JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new WebhookVerificationError('INVALID_BODY', 'The webhook body is not a JSON object.');
  return parsed as WebhookEvent;
}

/** One header's value, whatever the headers' form; null when repeated (ambiguous), undefined when absent. */
function header(headers: WebhookHeaders, name: string): string | null | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(name: string): string | null }).get(name);
    return v === null ? undefined : v;
  }
  const plain = headers as Record<string, string | string[] | undefined>;
  for (const key of Object.keys(plain)) {
    if (key.toLowerCase() !== name) continue;
    const v = plain[key];
    if (Array.isArray(v)) return v.length === 1 ? v[0] : null;
    return v;
  }
  return undefined;
}
