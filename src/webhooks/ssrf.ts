import { BlockList, isIP, isIPv4, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';

/**
 * SSRF guard for webhook targets. A customer-supplied URL must not reach loopback, private,
 * link-local, cloud metadata or otherwise special addresses. Two layers:
 * - `checkWebhookUrl` when an endpoint is created or updated, for a clear error up front;
 * - `guardedLookup` at connect time, on the address actually connected, which is what defeats
 *   DNS rebinding (a name that resolved to a public address at check time and to 127.0.0.1 later).
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches localhost on Linux
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10], // carrier-grade NAT, often internal in clouds
  ['169.254.0.0', 16], // link-local, includes the metadata service 169.254.169.254
  ['192.0.0.0', 24], // IETF protocol assignments
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
blocked.addAddress('::', 'ipv6');
blocked.addAddress('::1', 'ipv6');
for (const [net, prefix] of [
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local, still routed internally by some stacks
  ['fc00::', 7], // unique-local, includes the AWS metadata address fd00:ec2::254
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Parses an IPv6 literal (no brackets, no zone) into 16 bytes, or null. */
function ipv6Bytes(ip: string): number[] | null {
  let head = ip;
  const tail: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = ip.lastIndexOf(':');
  const maybeV4 = ip.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    if (!isIPv4(maybeV4)) return null;
    tail.push(...maybeV4.split('.').map(Number));
    head = ip.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = (16 - tail.length) / 2;
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const fill = groupsWanted - left.length - right.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  if (groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  return [...groups.flatMap((g) => [g >> 8, g & 0xff]), ...tail];
}

const allZero = (bytes: number[]) => bytes.every((b) => b === 0);

/**
 * The IPv4 address an IPv6 address stands for, when a translator or the kernel would deliver it
 * to that IPv4 address: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96, deprecated),
 * NAT64 well-known prefix (64:ff9b::/96) and 6to4 (2002::/16).
 */
function embeddedIPv4(ip: string): string | null {
  const b = ipv6Bytes(ip);
  if (!b) return null;
  const quad = (o: number) => b.slice(o, o + 4).join('.');
  if (allZero(b.slice(0, 10)) && b[10] === 0xff && b[11] === 0xff) return quad(12);
  if (allZero(b.slice(0, 12))) return quad(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && allZero(b.slice(4, 12))) return quad(12);
  if (b[0] === 0x20 && b[1] === 0x02) return quad(2);
  return null;
}

/**
 * True when a webhook must not connect to this address. Anything that is not a valid IP literal
 * is forbidden too, so a caller passing a surprise value fails closed.
 */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family !== 6) return true;
  if (blocked.check(bare, 'ipv6')) return true;
  const v4 = embeddedIPv4(bare);
  return v4 !== null && blocked.check(v4, 'ipv4');
}

export type WebhookUrlCheck =
  | { ok: true }
  | { ok: false; code: 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_FORBIDDEN'; message: string };

export const MAX_WEBHOOK_URL_LENGTH = 2048;

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
  resolve?: (host: string) => Promise<string[]>;
  /** Bound on name resolution, since the system resolver has none of its own. Default 5000 ms. */
  resolveTimeoutMs?: number;
}

const systemResolve = async (host: string): Promise<string[]> =>
  (await dns.lookup(host, { all: true })).map((a) => a.address);

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
      address === host
        ? `webhook URL points to a private, loopback, link-local or reserved address (${address})`
        : `webhook host ${host} resolves to a private, loopback, link-local or reserved address (${address})`,
  });
  if (isIP(host)) return isForbiddenAddress(host) ? forbidden(host) : { ok: true };

  const timeoutMs = opts.resolveTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  let addresses: string[];
  try {
    addresses = await Promise.race([
      (opts.resolve ?? systemResolve)(host),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs);
      }),
    ]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ETIMEOUT' ? `did not resolve within ${timeoutMs} ms` : `does not resolve${code ? ` (${code})` : ''}`;
    return { ok: false, code: 'WEBHOOK_URL_INVALID', message: `webhook host ${host} ${why}` };
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) {
    return { ok: false, code: 'WEBHOOK_URL_INVALID', message: `webhook host ${host} does not resolve` };
  }
  const bad = addresses.find(isForbiddenAddress);
  return bad === undefined ? { ok: true } : forbidden(bad);
}

function forbiddenError(hostname: string, address: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(
    `webhook host ${hostname} resolved to a private, loopback, link-local or reserved address (${address})`,
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
