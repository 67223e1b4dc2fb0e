import { queryIdFacts, queryIdKeys, validQueryIdValue, type QueryIdKey, type QueryIds } from './query-ids.ts';

/**
 * Reads a HAR (the JSON "HTTP Archive" a browser's developer tools export from the Network tab)
 * recorded while using linkedin.com, and finds in its Voyager requests the query ids, decorations
 * and web client version the live provider uses. Only request URLs and the `x-li-track` header are
 * read: a HAR also holds the session's cookies, which are never looked at.
 */

export interface HarScan {
  /** Per key, the value of its latest request in the HAR, and how many requests carried it. */
  found: Partial<Record<QueryIdKey, { value: string; count: number }>>;
  /** Query ids and decorations seen that welink does not use (or with variables it does not send). */
  unknown: { value: string; count: number; note: string }[];
  /** Requests in the HAR, and those to Voyager. */
  entries: number;
  voyager: number;
}

export class HarError extends Error {}

interface Entry {
  startedDateTime?: string;
  request?: { url?: string; headers?: { name?: string; value?: string }[] };
}

export function scanHar(har: unknown): HarScan {
  const entries = (har as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new HarError('not a HAR file: no log.entries (export it from the Network tab: "Save all as HAR")');
  // Oldest first, so the latest value of a key wins (LinkedIn may deploy during a long recording).
  const ordered = (entries as Entry[]).filter((e) => e && typeof e === 'object').sort((a, b) => String(a.startedDateTime ?? '').localeCompare(String(b.startedDateTime ?? '')));
  const found: HarScan['found'] = {};
  const unknown = new Map<string, { value: string; count: number; note: string }>();
  const see = (key: QueryIdKey, value: string) => {
    const prev = found[key];
    found[key] = { value, count: (prev?.count ?? 0) + 1 };
  };
  const notOurs = (value: string, note: string) => {
    const prev = unknown.get(value);
    unknown.set(value, { value, count: (prev?.count ?? 0) + 1, note });
  };
  let voyager = 0;
  for (const e of ordered) {
    const raw = e.request?.url;
    if (typeof raw !== 'string') continue;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (!/(^|\.)linkedin\.com$/i.test(url.hostname) || !url.pathname.includes('/voyager/api/')) continue;
    voyager++;
    const queryId = param(url.search, 'queryId');
    if (queryId) {
      const match = matchQueryId(queryId, variableNames(rawVariables(url.search)));
      if (match.key) see(match.key, queryId);
      else if (match.note) notOurs(queryId, match.note);
    }
    const decoration = param(url.search, 'decorationId');
    if (decoration) {
      const key = queryIdKeys.find((k) => validQueryIdValue(k, decoration));
      if (key) see(key, decoration);
      else if (/^com\.linkedin\./.test(decoration)) notOurs(decoration, 'a decoration welink does not use');
    }
    const track = e.request?.headers?.find((h) => String(h?.name ?? '').toLowerCase() === 'x-li-track')?.value;
    const version = clientVersionOf(track);
    if (version) see('clientVersion', version);
  }
  return { found, unknown: [...unknown.values()].sort((a, b) => a.value.localeCompare(b.value)), entries: entries.length, voyager };
}

/** How the scan compares with the values in force: what an import changes. */
export interface HarPlan {
  changed: { key: QueryIdKey; from: string; to: string }[];
  unchanged: { key: QueryIdKey; value: string }[];
  notSeen: QueryIdKey[];
  unknown: HarScan['unknown'];
}

export function planImport(scan: HarScan, current: QueryIds): HarPlan {
  const plan: HarPlan = { changed: [], unchanged: [], notSeen: [], unknown: scan.unknown };
  for (const key of queryIdKeys) {
    const seen = scan.found[key];
    if (!seen) plan.notSeen.push(key);
    else if (seen.value === current[key]) plan.unchanged.push({ key, value: seen.value });
    else plan.changed.push({ key, from: current[key], to: seen.value });
  }
  return plan;
}

/** A raw query parameter, percent-decoded once (Rest.li `variables` keep their inner encoding). */
function param(search: string, name: string): string | undefined {
  const m = new RegExp(`[?&]${name}=([^&]*)`).exec(search);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/**
 * The `variables` parameter as sent: Rest.li syntax literal, values percent-encoded (voyager.md §2),
 * so a value's own `,` or `:` cannot be mistaken for syntax. A tool that encoded the whole
 * parameter (`%28…%29`) is decoded once.
 */
function rawVariables(search: string): string {
  const raw = /[?&]variables=([^&]*)/.exec(search)?.[1] ?? '';
  if (!/^%28/i.test(raw)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The top-level names of a Rest.li record `(a:1,b:(c:2),d:List(3))` → a, b, d. */
export function variableNames(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '(') {
      depth++;
      if (depth === 1) start = i + 1;
    } else if (c === ')') depth--;
    else if (depth === 1 && c === ',') start = i + 1;
    else if (depth === 1 && c === ':' && start >= 0) {
      names.push(raw.slice(start, i));
      start = -1;
    }
  }
  return names;
}

function matchQueryId(queryId: string, names: string[]): { key?: QueryIdKey; note?: string } {
  const dot = queryId.indexOf('.');
  const family = dot > 0 ? queryId.slice(0, dot) : queryId;
  if (dot <= 0 || !/^[0-9a-f]{32}$/.test(queryId.slice(dot + 1))) return { note: 'not a persisted query id' };
  const ofFamily = queryIdKeys.filter((k) => {
    const f = queryIdFacts[k];
    return f.kind === 'queryId' && f.family === family;
  });
  if (ofFamily.length === 0) return { note: 'a query welink does not use' };
  const key = ofFamily.find((k) => {
    const f = queryIdFacts[k];
    return f.kind === 'queryId' && f.requires.every((n) => names.includes(n)) && !(f.forbids ?? []).some((n) => names.includes(n));
  });
  return key ? { key } : { note: `a ${family} query with variables (${names.join(',')}), which welink does not send` };
}

function clientVersionOf(track: string | undefined): string | undefined {
  if (!track) return undefined;
  try {
    const v = (JSON.parse(track) as { clientVersion?: unknown }).clientVersion;
    return typeof v === 'string' && validQueryIdValue('clientVersion', v) ? v : undefined;
  } catch {
    return undefined;
  }
}
