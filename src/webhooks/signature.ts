import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook authenticity, two ways at once:
 * - Standard Webhooks headers (`webhook-signature`), verifiable with the official libraries;
 * - We-Link's in-body `hash`, for integrations written against We-Link.
 * Both use the endpoint's secret `whsec_<base64>`, each the way its convention says.
 */

const PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes (the Standard Webhooks form). */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

export interface StandardSignatureInput {
  /** The `webhook-id` header: stable across retries of one message. */
  msgId: string;
  /** The `webhook-timestamp` header, in seconds since the epoch. */
  timestamp: number;
  /** The exact body sent, byte for byte. */
  body: string;
  /** Every active secret; more than one during a rotation overlap, so receivers on either verify. */
  secrets: string[];
}

/**
 * The `webhook-signature` header value: `v1,<base64 HMAC-SHA256>` per secret, space-separated,
 * over `${msgId}.${timestamp}.${body}`, keyed with the base64-decoded part after `whsec_`.
 */
export function standardSignature({ msgId, timestamp, body, secrets }: StandardSignatureInput): string {
  if (secrets.length === 0) throw new Error('standardSignature needs at least one secret');
  const content = `${msgId}.${Math.floor(timestamp)}.${body}`;
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
      return `v1,${createHmac('sha256', key).update(content, 'utf8').digest('base64')}`;
    })
    .join(' ');
}

/**
 * We-Link's `hash`: hex HMAC-SHA256 of `JSON.stringify(payloadWithoutHash)`, keyed with the whole
 * secret text as the user sees it (`whsec_...`, utf8), which is what We-Link's receiver recipe
 * (`createHmac("sha256", secret)`) does with the "Secret Code".
 */
export function welinkHash(payloadWithoutHash: object, secret: string): string {
  return createHmac('sha256', secret).update(JSON.stringify(payloadWithoutHash), 'utf8').digest('hex');
}

/**
 * The exact body to send: the payload's JSON with `hash` as the last key. The hashed bytes are
 * the body's own prefix, so a receiver who parses the body, deletes `hash` and calls
 * `JSON.stringify` gets them back (JSON.parse keeps key order, and number/string forms round-trip).
 * A `hash` key already in the payload is dropped rather than sent twice.
 */
export function serializeWithHash(payload: object, secret: string): string {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new TypeError('webhook payload must be a JSON object');
  }
  const { hash: _ignored, ...rest } = payload as Record<string, unknown>;
  const hashed = JSON.stringify(rest);
  const field = `"hash":${JSON.stringify(welinkHash(rest, secret))}`;
  return hashed === '{}' ? `{${field}}` : `${hashed.slice(0, -1)},${field}}`;
}

/**
 * Receiver side of the We-Link hash, by the documented recipe: parse, remove `hash`, re-serialize
 * with JSON.stringify, HMAC with the whole secret text, compare in constant time.
 */
export function verifyWelinkHash(body: string, secret: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false; // not JSON: cannot carry a valid hash
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  const { hash, ...rest } = parsed as Record<string, unknown>;
  if (typeof hash !== 'string') return false;
  const expected = Buffer.from(welinkHash(rest, secret), 'utf8');
  const given = Buffer.from(hash, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
