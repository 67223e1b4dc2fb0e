import { isIP } from 'node:net';
import { promises as dns } from 'node:dns';
import { isForbiddenAddress } from './forbidden-address.ts';

/**
 * Checks an account proxy before welink sends anything through it, so a caller hears why a proxy
 * will not do (welink refuses it, or it cannot be reached) instead of a verdict on the LinkedIn
 * session. The connection itself still goes through `guardedLookup`, which defeats a name that is
 * re-pointed after this check.
 */

export type ProxyCheck = { ok: true } | { ok: false; code: 'PROXY_REFUSED' | 'PROXY_UNREACHABLE'; message: string };

export interface ProxyLike {
  host?: unknown;
  port?: unknown;
  protocol?: unknown;
  location?: unknown;
}

export interface CheckProxyOptions {
  /** WELINK_PROXY_ALLOW_PRIVATE: loopback, private and link-local proxies are allowed. */
  allowPrivate: boolean;
  /** Resolves a host name to all its addresses. Default: the system resolver (`dns.lookup`). */
  resolve?: (host: string) => Promise<string[]>;
  /** Bound on name resolution, since the system resolver has none of its own. Default 5000 ms. */
  resolveTimeoutMs?: number;
}

/** The setting that lifts the guard, named in refusals so an operator knows the way out. */
const ALLOW_PRIVATE_SETTING = 'WELINK_PROXY_ALLOW_PRIVATE';

const systemResolve = async (host: string): Promise<string[]> => (await dns.lookup(host, { all: true })).map((a) => a.address);

export async function checkProxy(proxy: ProxyLike, opts: CheckProxyOptions): Promise<ProxyCheck> {
  const refused = (message: string): ProxyCheck => ({ ok: false, code: 'PROXY_REFUSED', message });
  if (typeof proxy.host !== 'string' || proxy.host === '' || typeof proxy.port !== 'number') {
    return refused(proxy.location ? 'welink has no internal proxy pool: give your own proxy as { host, port, username, password }.' : 'The proxy needs a host and a port.');
  }
  const protocol = String(proxy.protocol ?? 'http').toLowerCase();
  if (protocol !== 'http') return refused(`${protocol} proxies are not supported; use an HTTP proxy (CONNECT).`);
  if (opts.allowPrivate) return { ok: true };

  const host = proxy.host.replace(/^\[(.*)\]$/, '$1');
  const forbidden = (address: string): ProxyCheck =>
    refused(
      (address === host ? `The proxy address ${address} is` : `The proxy host ${host} resolves to ${address}, which is`) +
        ` private, loopback, link-local or reserved; welink does not connect there. A server started with ${ALLOW_PRIVATE_SETTING}=true accepts it (a proxy on your own network).`,
    );
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
    return { ok: false, code: 'PROXY_UNREACHABLE', message: `The proxy host ${host} ${why}.` };
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) return { ok: false, code: 'PROXY_UNREACHABLE', message: `The proxy host ${host} does not resolve.` };
  const bad = addresses.find(isForbiddenAddress);
  return bad === undefined ? { ok: true } : forbidden(bad);
}
