import { createHash } from 'node:crypto';

/**
 * Rest.li 2.0 encoding and LinkedIn identifiers. Inside `variables=(...)` the syntax characters
 * `( ) , :` stay literal while every value is percent-encoded; a generic form encoder would escape
 * the parentheses too and LinkedIn rejects that.
 */
export type RestliValue = string | number | boolean | RestliValue[] | { [k: string]: RestliValue | undefined };

export function restli(value: RestliValue): string {
  if (Array.isArray(value)) return `List(${value.map(restli).join(',')})`;
  if (typeof value === 'object') {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}:${restli(v as RestliValue)}`);
    return `(${parts.join(',')})`;
  }
  return encodeValue(String(value));
}

/** Percent-encodes a value including `( ) ! * '`, which encodeURIComponent leaves alone but Rest.li reads as syntax. */
export function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A query string whose values are sent as given (already Rest.li encoded). */
export function rawQuery(params: Record<string, string | number | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export const profileUrn = (profileId: string) => `urn:li:fsd_profile:${profileId}`;

/** The id part of a profile URN of any kind (fsd_profile, fs_miniProfile), or the input when it is a bare id. */
export function profileIdOf(urn: string | undefined | null): string {
  if (!urn) return '';
  const m = /^urn:li:(?:fsd_profile|fs_miniProfile|fs_profile):(.+)$/.exec(urn);
  return m ? m[1] : urn;
}

/** `urn:li:msg_conversation:(urn:li:fsd_profile:<me>,<threadId>)` → threadId (the id in /messaging/thread/<id>/). */
export function threadIdOf(conversationUrn: string | undefined | null): string {
  if (!conversationUrn) return '';
  const m = /^urn:li:msg_(?:conversation|message):\([^,]+,(.+)\)$/.exec(conversationUrn);
  return m ? m[1] : conversationUrn;
}

export const conversationUrn = (myProfileId: string, threadId: string) =>
  threadId.startsWith('urn:li:') ? threadId : `urn:li:msg_conversation:(${profileUrn(myProfileId)},${threadId})`;

/** The last `:`-separated part of a simple URN (`urn:li:fsd_invitation:123` → 123). */
export function lastPart(urn: string | undefined | null): string {
  if (!urn) return '';
  const i = urn.lastIndexOf(':');
  return i >= 0 ? urn.slice(i + 1) : urn;
}

/**
 * The profile slug or member id from a profile URL in any usual spelling
 * (https://www.linkedin.com/in/ada-lovelace-3f9a1/?x=1, linkedin.com/in/ACoAA..., a bare slug).
 */
export function identityFromUrl(url: string): string {
  const m = /linkedin\.com\/(?:in|pub)\/([^/?#]+)/i.exec(url);
  const raw = m ? m[1] : url.replace(/^\/+|\/+$/g, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `urn:li:activity:<n>` from a post id, a bare number or a feed URL. */
export function activityUrn(post: string): string {
  const m = /urn:li:activity:(\d+)/.exec(post) ?? /activity[:-](\d+)/.exec(post) ?? /^(\d+)$/.exec(post.trim());
  return m ? `urn:li:activity:${m[1]}` : post;
}

/**
 * LinkedIn's client-generated idempotency token of a message send (`originToken`, a UUID v4), derived
 * from our request id so that a retry after a lost answer carries the same token.
 */
export function originToken(requestId: string): string {
  const b = createHash('sha256').update(`welink:origin:${requestId}`).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `trackingId` of createMessage: 16 raw bytes as a Latin-1 string (not base64), also derived from the request id. */
export function trackingId(requestId: string): string {
  return createHash('sha256').update(`welink:tracking:${requestId}`).digest().subarray(0, 16).toString('latin1');
}
