import { COUNTRY_CODES } from './geo.ts';
import { fold, tokens } from './text.ts';
import type { Degree, NetworkFacet, PeopleSearchPage, PeopleSearchQuery, Profile } from './types.ts';

/** People search over the world, with LinkedIn's facets, ranking and 1,000-result ceiling. */

export const SEARCH_RESULT_CAP = 1000;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

/** Folded text of each searchable field, as " word word ", so " x" finds words starting with x. */
export interface SearchIndex {
  name: string[];
  title: string[];
  company: string[];
  skills: string[];
  location: string[];
  /** Company names folded, for the company facet's substring match. */
  companyName: string[];
  /** Position of each profile when sorted by profile_id: the final tie-break, as a number. */
  idRank: Int32Array;
}

// Where a keyword is found says how relevant the profile is.
const WEIGHTS = { name: 4, title: 3, company: 2, skills: 1 } as const;
const FIELDS = Object.keys(WEIGHTS) as Array<keyof typeof WEIGHTS>;

export function buildSearchIndex(profiles: readonly Profile[]): SearchIndex {
  // Many profiles share a company, a city or skills: fold each distinct text once.
  const memo = new Map<string, string>();
  const words = (text: string): string => {
    let out = memo.get(text);
    if (out === undefined) {
      out = ` ${fold(text).replace(/[^a-z0-9+#]+/g, ' ').trim()} `;
      memo.set(text, out);
    }
    return out;
  };
  const byId = profiles.map((_, i) => i).sort((a, b) => (profiles[a].profile_id < profiles[b].profile_id ? -1 : 1));
  const idRank = new Int32Array(profiles.length);
  byId.forEach((i, rank) => (idRank[i] = rank));
  return {
    name: profiles.map((p) => words(p.full_name)),
    title: profiles.map((p) => words(`${p.headline} ${p.title}`)),
    company: profiles.map((p) => words(p.company.name)),
    skills: profiles.map((p) => p.skills.map(words).join('')),
    location: profiles.map((p) => words(p.location.name)),
    companyName: profiles.map((p) => fold(p.company.name)),
    idRank,
  };
}

/**
 * `degrees[i]` is profile i's distance from the searching member (0 = out of network). Results are
 * ordered by degree (1st first, out of network last), then relevance, then profile id.
 */
export function searchPeople(
  profiles: readonly Profile[],
  index: SearchIndex,
  degrees: Uint8Array,
  query: PeopleSearchQuery,
): PeopleSearchPage {
  const keywords = tokens(query.keywords ?? '');
  const network = new Set<NetworkFacet>(query.network ?? []);
  const matchCompany = companyMatcher(profiles, index, query.company);
  const matchLocation = locationMatcher(profiles, index, query.location);

  const hits: Array<{ i: number; rank: number; score: number }> = [];
  for (let i = 0; i < profiles.length; i++) {
    const degree = degrees[i];
    if (network.size > 0 && !network.has(facetOf(degree))) continue;
    if (matchCompany && !matchCompany(i)) continue;
    if (matchLocation && !matchLocation(i)) continue;
    const score = relevance(index, i, keywords);
    if (score < 0) continue;
    hits.push({ i, rank: degree === 0 ? 4 : degree, score });
  }
  hits.sort((a, b) => a.rank - b.rank || b.score - a.score || index.idRank[a.i] - index.idRank[b.i]);

  const start = Math.max(0, Math.floor(query.start ?? 0));
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, Math.floor(query.count ?? DEFAULT_PAGE_SIZE)));
  const end = Math.min(start + count, SEARCH_RESULT_CAP, hits.length);
  const results = [];
  for (let k = start; k < end; k++) {
    const p = profiles[hits[k].i];
    const degree = degrees[hits[k].i];
    results.push({
      profile_id: p.profile_id,
      public_identifier: p.public_identifier,
      profile_url: p.profile_url,
      full_name: p.full_name,
      first_name: p.first_name,
      last_name: p.last_name,
      headline: p.headline,
      location: p.location,
      degree: degree === 0 ? null : (degree as Degree),
      company: p.company,
    });
  }
  return { total: Math.min(hits.length, SEARCH_RESULT_CAP), results };
}

function facetOf(degree: number): NetworkFacet {
  return degree === 1 ? 'F' : degree === 2 ? 'S' : 'O';
}

/**
 * Sum over keywords of the weight of the first field (name, title, company, skills) that has a word
 * starting with it, plus one for a whole-word match; -1 when a keyword matches nowhere.
 */
function relevance(index: SearchIndex, i: number, keywords: string[]): number {
  let score = 0;
  for (const word of keywords) {
    const needle = ` ${word}`;
    let best = -1;
    for (const field of FIELDS) {
      const text = index[field][i];
      if (!text.includes(needle)) continue;
      // A whole word ranks above a prefix: "ana" lists Ana before Anastasia.
      best = WEIGHTS[field] + (text.includes(`${needle} `) ? 1 : 0);
      break;
    }
    if (best < 0) return -1;
    score += best;
  }
  return score;
}

/** An exact company id, or part of the company's name. */
function companyMatcher(profiles: readonly Profile[], index: SearchIndex, company?: string): ((i: number) => boolean) | null {
  const q = company?.trim() ?? '';
  if (q.length === 0) return null;
  const needle = fold(q);
  return (i) => profiles[i].company.company_id === q || index.companyName[i].includes(needle);
}

/** A known country code matches that country only ("DE"); otherwise words of the city or country. */
function locationMatcher(profiles: readonly Profile[], index: SearchIndex, location?: string): ((i: number) => boolean) | null {
  const q = location?.trim() ?? '';
  if (q.length === 0) return null;
  if (COUNTRY_CODES.has(q.toUpperCase())) {
    const code = q.toUpperCase();
    return (i) => profiles[i].location.country_code === code;
  }
  const words = tokens(q);
  return (i) => words.every((w) => index.location[i].includes(` ${w}`));
}
