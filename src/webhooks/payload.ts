/**
 * Bounds the size of an event payload as it leaves welink, in the webhook body and in `get_events`
 * alike, so both always agree. Results beyond the bound are replaced by a marker that says where to
 * read them whole (`get_response` answers from the store, without this bound).
 */

export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Fields kept when even the envelope without its result is too large (a huge message text). */
const MAX_FIELD_BYTES = 1024;

export function truncatedMarker(bytes: number): Record<string, unknown> {
  return {
    truncated: true,
    bytes,
    message: `The result is larger than ${MAX_PAYLOAD_BYTES / 1024} KiB; read it whole with get_response.`,
  };
}

/** The payload to send for the stored JSON text of an event (key order kept). */
export function boundedPayload(stored: string): Record<string, unknown> {
  const payload = JSON.parse(stored) as Record<string, unknown>;
  const bytes = Buffer.byteLength(stored, 'utf8');
  if (bytes <= MAX_PAYLOAD_BYTES) return payload;
  const withoutResult = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, k === 'result' ? truncatedMarker(bytes) : v]));
  if (Buffer.byteLength(JSON.stringify(withoutResult), 'utf8') <= MAX_PAYLOAD_BYTES) return withoutResult;
  // Only something other than the result is oversized: keep the small fields (status, ids, event).
  const small = Object.entries(withoutResult).filter(([, v]) => Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8') <= MAX_FIELD_BYTES);
  return { ...Object.fromEntries(small), truncated: true };
}
