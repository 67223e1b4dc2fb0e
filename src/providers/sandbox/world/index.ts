import type { World, WorldOptions } from './types.ts';
import { DEFAULT_WORLD_PROFILES, generateWorld } from './generate.ts';

/**
 * The sandbox's simulated LinkedIn: profiles, companies, posts, groups, events and a connection
 * graph, generated from a seed. Pure and deterministic: no clock, no I/O, no global randomness.
 */

export type * from './types.ts';
export { generateWorld, DEFAULT_WORLD_PROFILES, MIN_WORLD_PROFILES } from './generate.ts';
export { WORLD_EPOCH } from './epoch.ts';
export { MEMBER_ID_PATTERN } from './ids.ts';
export { SEARCH_RESULT_CAP, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './search.ts';
export { nameFromEmail, normalizeEmail } from './self.ts';

// Worlds are immutable, so one per (seed, size) serves every caller; a few are kept for tests that
// use several seeds.
const MAX_CACHED_WORLDS = 4;
const cache = new Map<string, World>();

/** The world of this seed, generated on first use and cached per (seed, size). */
export function createWorld(seed: string, opts: WorldOptions = {}): World {
  const size = opts.profiles ?? DEFAULT_WORLD_PROFILES;
  const key = `${size}\u0000${seed}`;
  let world = cache.get(key);
  if (!world) {
    world = generateWorld(seed, { profiles: size });
    cache.set(key, world);
    if (cache.size > MAX_CACHED_WORLDS) cache.delete(cache.keys().next().value!);
  }
  return world;
}
