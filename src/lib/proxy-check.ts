import { isIP } from 'node:net';
import { isForbiddenAddress } from './forbidden-address.ts';
import { resolveHost, type Resolve } from './resolve-host.ts';

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
  resolve?: Resolve;
  /** Bound on name resolution, since the system resolver has none of its own. Default 5000 ms. */
  resolveTimeoutMs?: number;
}

/** The setting that lifts the guard, named in refusals so an operator knows the way out. */
const ALLOW_PRIVATE_SETTING = 'WELINK_PROXY_ALLOW_PRIVATE';

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

  const resolved = await resolveHost(host, { resolve: opts.resolve, timeoutMs: opts.resolveTimeoutMs });
  if (!resolved.ok) return { ok: false, code: 'PROXY_UNREACHABLE', message: `The proxy host ${host} ${resolved.why}.` };
  const bad = resolved.addresses.find(isForbiddenAddress);
  return bad === undefined ? { ok: true } : forbidden(bad);
}
