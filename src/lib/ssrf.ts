import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isForbiddenAddress } from './forbidden-address.ts';
import { resolveHost, type Resolve } from './resolve-host.ts';

export { isForbiddenAddress };

/**
 * SSRF guard for webhook targets (and, through `guardedLookup`, account proxies). A customer-supplied
 * URL must not reach loopback, private, link-local, cloud metadata or otherwise special addresses
 * (classified in forbidden-address.ts). Two layers:
 * - `checkWebhookUrl` when an endpoint is created or updated, for a clear error up front;
 * - `guardedLookup` at connect time, on the address actually connected, which is what defeats
 *   DNS rebinding (a name that resolved to a public address at check time and to 127.0.0.1 later).
 */

export type WebhookUrlCheck =
  | { ok: true }
  | { ok: false; code: 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_FORBIDDEN'; message: string };

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The setting that lifts the webhook guard, named in refusals so a developer knows the way out. */
const ALLOW_PRIVATE_SETTING = 'WELINK_WEBHOOK_ALLOW_PRIVATE';

/**
 * Syntax checks only (no DNS): http or https, no credentials in the URL, a host, bounded length.
 * Returns the parsed URL and its host without IPv6 brackets.
 */
export function parseWebhookUrl(
  url: string,
): { ok: true; url: URL; host: string } | { ok: false; code: 'WEBHOOK_URL_INVALID'; message: string } {
  const invalid = (message: string) => ({ ok: false as const, code: 'WEBHOOK_URL_INVALID' as const, message });
  if (typeof url !== 'string' || url.length === 0) return invalid('webhook URL is empty');
  if (url.length > MAX_WEBHOOK_URL_LENGTH) {
    return invalid(`webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid('webhook URL is not a valid absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return invalid('webhook URL must use http or https');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return invalid('webhook URL must not contain a user name or password');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return invalid('webhook URL has no host');
  return { ok: true, url: parsed, host };
}

export interface CheckWebhookUrlOptions {
  /** Skip the address checks (WELINK_WEBHOOK_ALLOW_PRIVATE); syntax is still checked. */
  allowPrivate: boolean;
  /** Resolves a host name to all its addresses. Default: the system resolver (`dns.lookup`). */
  resolve?: Resolve;
  /** Bound on name resolution, since the system resolver has none of its own. Default 5000 ms. */
  resolveTimeoutMs?: number;
}

/**
 * Validates a webhook URL when it is configured. Every address the name resolves to must be
 * allowed, since the connection may use any of them. This check alone is not enough (the name
 * can be re-pointed later); sending also goes through `guardedLookup`.
 */
export async function checkWebhookUrl(url: string, opts: CheckWebhookUrlOptions): Promise<WebhookUrlCheck> {
  const parsed = parseWebhookUrl(url);
  if (!parsed.ok) return parsed;
  if (opts.allowPrivate) return { ok: true };
  const { host } = parsed;
  const forbidden = (address: string): WebhookUrlCheck => ({
    ok: false,
    code: 'WEBHOOK_URL_FORBIDDEN',
    message:
      (address === host
        ? `webhook URL points to a private, loopback, link-local or reserved address (${address})`
        : `webhook host ${host} resolves to a private, loopback, link-local or reserved address (${address})`) +
      `; a server started with ${ALLOW_PRIVATE_SETTING}=true accepts it (local development only)`,
  });
  if (isIP(host)) return isForbiddenAddress(host) ? forbidden(host) : { ok: true };

  const resolved = await resolveHost(host, { resolve: opts.resolve, timeoutMs: opts.resolveTimeoutMs });
  if (!resolved.ok) return { ok: false, code: 'WEBHOOK_URL_INVALID', message: `webhook host ${host} ${resolved.why}` };
  const bad = resolved.addresses.find(isForbiddenAddress);
  return bad === undefined ? { ok: true } : forbidden(bad);
}

// Shared by webhook deliveries and account proxies: the message names the host and the address
// refused, and the caller says what the host was for.
function forbiddenError(hostname: string, address: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(
    `${hostname} resolved to a private, loopback, link-local or reserved address (${address}); welink does not connect there`,
  );
  err.code = 'WEBHOOK_URL_FORBIDDEN';
  return err;
}

/**
 * A `lookup` for `http.request`/`net.connect` that resolves as usual and fails the connection
 * when an address it would hand to the socket is forbidden. Node calls it with `all: true`
 * (autoSelectFamily, the default since Node 20) or without; both callback shapes are honoured.
 * With `all: true` one bad address fails the whole lookup: a rebinding name mixing a public and a
 * private address must not get a chance at the private one.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    // Some callers pass a bare family number; dns.lookup accepts both.
    const opts: LookupOptions = typeof options === 'number' ? { family: options } : (options ?? {});
    if (opts.all) {
      dnsLookup(hostname, { ...opts, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, []);
        const bad = allowPrivate ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
        if (bad) return callback(forbiddenError(hostname, bad.address), []);
        callback(null, addresses);
      });
    } else {
      dnsLookup(hostname, { ...opts, all: false }, (err, address: string, family: number) => {
        if (err) return callback(err, '', 0);
        if (!allowPrivate && isForbiddenAddress(address)) {
          return callback(forbiddenError(hostname, address), '', 0);
        }
        callback(null, address, family);
      });
    }
  };
}
