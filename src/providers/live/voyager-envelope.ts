/**
 * LinkedIn answers in two envelopes: the normalized one (`{data, included}` with `*key` references
 * to entities in `included`) and the plain nested one. `unwrap` turns either into the plain shape, so
 * the action code reads one form only.
 */
export type Json = any;

/** How deep entity references are followed (a cycle of references stops there). LinkedIn nests unions deeply: the profile-views card puts a viewer 17 levels down. */
const MAX_RESOLVE_DEPTH = 32;
const MAX_DEPTH = 8;

export function unwrap(body: Json): Json {
  if (!body || typeof body !== 'object' || !Array.isArray(body.included)) return body;
  const byUrn = new Map<string, Json>();
  for (const e of body.included) if (e && typeof e === 'object' && typeof e.entityUrn === 'string') byUrn.set(e.entityUrn, e);
  return resolve(body.data, byUrn, 0);
}

function resolve(node: Json, byUrn: Map<string, Json>, depth: number): Json {
  if (depth > MAX_RESOLVE_DEPTH || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => resolve(n, byUrn, depth + 1));
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('*')) {
      const name = k.slice(1);
      const deref = (u: unknown) => (typeof u === 'string' && byUrn.has(u) ? resolve(byUrn.get(u), byUrn, depth + 1) : u);
      out[name] = Array.isArray(v) ? v.map(deref) : deref(v);
      // The reference itself stays readable too (some fields are only ever URNs).
      out[k] = v;
    } else if (!(k in out)) {
      out[k] = resolve(v, byUrn, depth + 1);
    }
  }
  return out;
}

/** The GraphQL payload `field` in either envelope (`{data:{field}}` once unwrapped). */
export function graphqlField(body: Json, field: string | RegExp): Json {
  const data = unwrap(body);
  const root = data?.data ?? data;
  if (!root || typeof root !== 'object') return undefined;
  if (typeof field === 'string') return root[field];
  const key = Object.keys(root).find((k) => field.test(k));
  return key ? root[key] : undefined;
}

/** The `value` of a Rest.li action answer (`{value}` or `{data:{value}}`). */
export function actionValue(body: Json): Json {
  const data = unwrap(body);
  return data?.value ?? data?.data?.value ?? data;
}

/** Text of a TextViewModel-like field (`{text}`) or a plain string. */
export function text(v: Json): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof v.text === 'string') return v.text;
  return '';
}

/** Every entity of the answer (plain or normalized) whose type name ends with `suffix`. */
export function entitiesOfType(body: Json, suffix: string): Json[] {
  const out: Json[] = [];
  const seen = new Set<unknown>();
  const walk = (n: Json, depth: number) => {
    if (depth > MAX_DEPTH || !n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach((x) => walk(x, depth + 1));
    const t = n.$type ?? n._type;
    if (typeof t === 'string' && t.endsWith(suffix)) out.push(n);
    for (const v of Object.values(n)) walk(v, depth + 1);
  };
  walk(body, 0);
  return out;
}

/** The largest image URL of a vectorImage-like picture, if any. */
export function imageUrl(picture: Json): string | null {
  const vi = picture?.displayImageReference?.vectorImage ?? picture?.vectorImage ?? picture?.['com.linkedin.common.VectorImage'] ?? picture;
  if (!vi?.rootUrl || !Array.isArray(vi.artifacts) || vi.artifacts.length === 0) return null;
  const best = [...vi.artifacts].sort((a: Json, b: Json) => (b.width ?? 0) - (a.width ?? 0))[0];
  return `${vi.rootUrl}${best.fileIdentifyingUrlPathSegment ?? ''}`;
}
