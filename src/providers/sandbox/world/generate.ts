import { generateEvents, generateGroups } from './communities.ts';
import { generateCompanies } from './companies.ts';
import { CITIES } from './geo.ts';
import { buildGraph } from './graph.ts';
import { MAX_AUTHORS } from './posts.ts';
import { freezeProfile, generatePeople } from './members.ts';
import { rngFor } from './rng.ts';
import type { World, WorldOptions } from './types.ts';
import { GeneratedWorld } from './world.ts';

export const DEFAULT_WORLD_PROFILES = 5000;
export const MIN_WORLD_PROFILES = 100;

const MIN_CONNECTIONS = 20;
const MAX_CONNECTIONS = 200;
/** Share of profiles in a separate component that no sandbox member can reach: "out of network". */
const ISLAND_SHARE = 0.05;

/** Generates a world, uncached. Prefer createWorld (index.ts), which caches. */
export function generateWorld(seed: string, opts: WorldOptions = {}): World {
  const size = opts.profiles ?? DEFAULT_WORLD_PROFILES;
  if (!Number.isInteger(size) || size < MIN_WORLD_PROFILES || size > MAX_AUTHORS) {
    throw new RangeError(`a sandbox world needs an integer number of profiles in [${MIN_WORLD_PROFILES}, ${MAX_AUTHORS}], got ${size}`);
  }
  const companies = generateCompanies(seed, clamp(Math.round(size * 0.06), 10, 5000));
  const people = generatePeople(seed, size, companies);

  const graphRng = rngFor(seed, 'graph');
  const island = new Uint8Array(size);
  const indices = Array.from({ length: size }, (_, i) => i);
  for (const i of graphRng.sample(indices, Math.round(size * ISLAND_SHARE))) island[i] = 1;
  const graph = buildGraph(graphRng, {
    component: island,
    company: Int32Array.from(people, (p) => p.companyIndex),
    city: Int32Array.from(people, (p) => p.cityIndex),
    country: Int32Array.from(people, (p) => CITIES[p.cityIndex].countryIndex),
    minDegree: MIN_CONNECTIONS,
    maxDegree: MAX_CONNECTIONS,
  });
  people.forEach((person, i) => {
    const links = graph.offsets[i + 1] - graph.offsets[i];
    person.profile.connection_count = links;
    person.profile.follower_count = links + person.extraFollowers;
    freezeProfile(person.profile);
  });

  const groupCount = clamp(Math.round(size / 100), 5, 500);
  const groups = generateGroups(seed, groupCount, people);
  const events = generateEvents(seed, groupCount, people, companies);
  return new GeneratedWorld(seed, companies, people, island, graph, groups, events);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
