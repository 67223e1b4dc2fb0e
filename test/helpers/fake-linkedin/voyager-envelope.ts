/**
 * The normalized envelope the fake answers when asked for `application/vnd.linkedin.normalized+json+2.1`:
 * every nested entity (an object with `$type` and `entityUrn`) moves to `included` and is replaced by
 * a `*key` reference, as LinkedIn does.
 */
type Json = any;

const isEntity = (v: Json) => v && typeof v === 'object' && !Array.isArray(v) && typeof v.entityUrn === 'string' && typeof v.$type === 'string';

export function normalize(plain: Json): { data: Json; included: Json[] } {
  const included: Json[] = [];
  const seen = new Set<string>();
  const register = (e: Json): string => {
    if (!seen.has(e.entityUrn)) {
      seen.add(e.entityUrn);
      const slot = included.length;
      included.push(null);
      included[slot] = walk(e);
    }
    return e.entityUrn;
  };
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) {
      if (isEntity(v)) out[`*${k}`] = register(v);
      else if (Array.isArray(v) && v.length > 0 && v.every(isEntity)) out[`*${k}`] = v.map(register);
      else out[k] = walk(v);
    }
    return out;
  };
  return { data: walk(plain), included };
}
