/**
 * The account's linkedin.com cookies as a browser keeps them: LinkedIn rotates `li_at`,
 * `JSESSIONID`, `lidc`, `bcookie`… through `Set-Cookie` on its answers (voyager.md §8), and
 * expires a cookie by setting it in the past. Values are stored as LinkedIn sets them, except
 * JSESSIONID, kept without the quotes the browser shows around it (the csrf-token is derived from it).
 */
/** JSESSIONID as stored: without the quotes the browser shows around it. */
export const unquote = (v: string) => v.trim().replace(/^"(.*)"$/, '$1');

export type Jar = Record<string, string>;

/** A browser keeps a few dozen linkedin.com cookies; more is LinkedIn misbehaving or an attack on the store. */
const MAX_COOKIES = 60;
const MAX_VALUE = 4096;

/** The jar after these Set-Cookie lines, and whether anything changed. */
export function applySetCookies(jar: Jar, lines: string[] | undefined, now: number): { jar: Jar; changed: boolean } {
  if (!lines || lines.length === 0) return { jar, changed: false };
  const next: Jar = { ...jar };
  let changed = false;
  for (const line of lines) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || value.length > MAX_VALUE) continue;
    if (name === 'JSESSIONID') value = unquote(value);
    if (expired(attrs, now) || value === '' || value === 'delete me') {
      if (name in next) {
        delete next[name];
        changed = true;
      }
      continue;
    }
    if (!(name in next) && Object.keys(next).length >= MAX_COOKIES) continue;
    if (next[name] !== value) {
      next[name] = value;
      changed = true;
    }
  }
  return { jar: changed ? next : jar, changed };
}

function expired(attrs: string[], now: number): boolean {
  let expires: number | undefined;
  for (const a of attrs) {
    const [k, ...rest] = a.split('=');
    const key = k.trim().toLowerCase();
    const v = rest.join('=').trim();
    // Max-Age wins over Expires (RFC 6265 §5.3).
    if (key === 'max-age' && /^-?\d+$/.test(v)) return Number(v) <= 0;
    if (key === 'expires' && Number.isFinite(Date.parse(v))) expires = Date.parse(v);
  }
  return expires !== undefined && expires <= now;
}
