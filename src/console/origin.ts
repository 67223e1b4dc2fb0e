import type { FastifyRequest } from 'fastify';

/**
 * Where this server is reached from a browser, and whether a request comes from one of its own
 * pages. `publicUrl` is WELINK_PUBLIC_URL: set it when welink runs behind a reverse proxy, so links
 * and origin checks use the public address instead of the Host header. (welink itself serves plain
 * HTTP; TLS is the proxy's.)
 */

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The origin (`https://host[:port]`) browsers use for this server. */
export function publicOrigin(host: string | string[] | undefined, protocol: string, publicUrl: string): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${protocol}://${typeof host === 'string' && HOST.test(host) ? host : 'localhost'}`;
}

/** True when cookies must be Secure: the public URL is https, or this connection is TLS. */
export function isSecure(req: FastifyRequest, publicUrl: string): boolean {
  return publicUrl ? publicUrl.startsWith('https:') : req.protocol === 'https';
}

/**
 * False when the browser says the request comes from another site: an `Origin` that is neither the
 * public origin nor this request's own host, or `Sec-Fetch-Site: cross-site`/`same-site`. Requests
 * without either header (curl) pass: they carry no ambient browser credentials.
 */
export function fromOwnPages(req: FastifyRequest, publicUrl: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || origin === 'null') return false;
  const allowed = new Set([`${req.protocol}://${req.host}`]);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return allowed.has(origin);
}
