/**
 * The console's one cookie. Over https it carries the `__Host-` prefix, which browsers only accept
 * with Secure, Path=/ and no Domain: no subdomain can plant or overwrite it.
 */

const PLAIN = 'welink_console';
const HOST_PREFIXED = '__Host-welink_console';

export function sessionCookieName(secure: boolean): string {
  return secure ? HOST_PREFIXED : PLAIN;
}

/** The session token from a Cookie header (the prefixed name wins), or null. */
export function readSessionCookie(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const jar = new Map<string, string>();
  // RFC 6265 cookie-string: pairs separated by "; ". The first of a repeated name wins, as in browsers' order.
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name !== PLAIN && name !== HOST_PREFIXED) continue;
    if (!jar.has(name)) jar.set(name, part.slice(eq + 1).trim());
  }
  const value = jar.get(HOST_PREFIXED) ?? jar.get(PLAIN);
  // Our tokens are base64url; anything else is not ours.
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function sessionCookie(token: string, o: { secure: boolean; maxAgeSeconds: number }): string {
  return `${sessionCookieName(o.secure)}=${token}; Path=/; Max-Age=${o.maxAgeSeconds}; HttpOnly; SameSite=Strict${o.secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
