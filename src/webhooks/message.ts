import { serializeWithHash, standardSignature } from './signature.ts';

export interface SigningSecrets {
  /** The endpoint's current secret (`whsec_...`): keys the We-Link `hash` and the first signature. */
  current: string;
  /** The secret before the last rotation, while its overlap lasts: also signs, so either verifies. */
  previous: string | null;
}

export interface WebhookMessage {
  body: string;
  headers: Record<string, string>;
}

/**
 * The exact bytes and headers of one attempt. `msgId` is the delivery id, the same on every
 * attempt and replay, so receivers deduplicate on `webhook-id`; the timestamp is the attempt's.
 */
export function buildMessage(msgId: string, payload: Record<string, unknown>, secrets: SigningSecrets, nowMs: number): WebhookMessage {
  const body = serializeWithHash(payload, secrets.current);
  const timestamp = Math.floor(nowMs / 1000);
  const all = secrets.previous ? [secrets.current, secrets.previous] : [secrets.current];
  return {
    body,
    headers: {
      'webhook-id': msgId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature({ msgId, timestamp, body, secrets: all }),
    },
  };
}
