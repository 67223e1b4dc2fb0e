/**
 * Parses Rest.li 2.0 query values as LinkedIn reads them: `(k:v,...)`, `List(a,b)`, and scalars that
 * are percent-decoded only at the leaves. A literal `:` `,` `(` `)` inside a value breaks the parse,
 * which is how LinkedIn ends up answering 400 to a badly encoded `variables`.
 */
export type RestliValue = string | RestliValue[] | { [k: string]: RestliValue };

export function parseRestli(raw: string): RestliValue {
  let i = 0;
  const value = (): RestliValue => {
    if (raw.startsWith('List(', i)) {
      i += 5;
      const out: RestliValue[] = [];
      if (raw[i] === ')') return i++, out;
      for (;;) {
        out.push(value());
        if (raw[i] === ',') i++;
        else if (raw[i] === ')') return i++, out;
        else throw new Error(`bad list at ${i}`);
      }
    }
    if (raw[i] === '(') {
      i++;
      const out: Record<string, RestliValue> = {};
      if (raw[i] === ')') return i++, out;
      for (;;) {
        const colon = raw.indexOf(':', i);
        if (colon < 0) throw new Error(`bad record at ${i}`);
        const key = raw.slice(i, colon);
        if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`bad key ${key}`);
        i = colon + 1;
        out[key] = value();
        if (raw[i] === ',') i++;
        else if (raw[i] === ')') return i++, out;
        else throw new Error(`bad record at ${i}: ${raw.slice(i, i + 10)}`);
      }
    }
    const start = i;
    while (i < raw.length && !',)'.includes(raw[i])) {
      if ('(:'.includes(raw[i])) throw new Error(`literal ${raw[i]} inside a value at ${i}`);
      i++;
    }
    return decodeURIComponent(raw.slice(start, i));
  };
  const v = value();
  if (i !== raw.length) throw new Error(`trailing characters at ${i}`);
  return v;
}

/** Raw (undecoded) query parameters: Rest.li values must be read before any decoding. */
export function rawParams(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    out[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? '' : part.slice(eq + 1);
  }
  return out;
}

export const decoded = (v: string | undefined) => (v === undefined ? undefined : decodeURIComponent(v.replace(/\+/g, ' ')));
