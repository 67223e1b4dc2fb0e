import { neighboursOf, type Graph } from './graph.ts';
import type { Rng } from './rng.ts';

/**
 * Where a sandbox member sits in the world graph: its 1st-degree connections, then everyone's
 * distance from it by breadth-first search.
 */

export interface FirstDegreeInput {
  graph: Graph;
  /** 1 for the out-of-network island, which a member is never connected to. */
  island: Uint8Array;
  /** Every profile outside the island. */
  reachable: readonly number[];
  /** World profiles at the member's employer and in its city, in the main component. */
  colleagues: readonly number[];
  neighbours: readonly number[];
  size: number;
}

/**
 * A network that looks like a real one: some colleagues, some people from the same city, and the
 * rest mostly friends of those (which keeps the 2nd degree a realistic share, not everyone).
 */
export function chooseFirstDegree(rng: Rng, input: FirstDegreeInput): Int32Array {
  const { graph, reachable, island } = input;
  // In a tiny world, leave most people outside the 1st degree so that 2nd and 3rd still exist.
  const size = Math.min(input.size, Math.floor(reachable.length / 4));
  const chosen: number[] = [];
  const taken = new Set<number>();
  const take = (i: number): void => {
    if (chosen.length >= size || taken.has(i) || island[i] === 1) return;
    taken.add(i);
    chosen.push(i);
  };
  for (const i of rng.sample(input.colleagues, Math.round(size * 0.25))) take(i);
  for (const i of rng.sample(input.neighbours, Math.round(size * 0.15))) take(i);
  for (let attempt = 0; chosen.length < size && attempt < size * 50; attempt++) {
    if (chosen.length > 0 && rng.chance(0.95)) {
      const friends = neighboursOf(graph, rng.pick(chosen));
      if (friends.length > 0) take(friends[Math.floor(rng.next() * friends.length)]);
    } else {
      take(rng.pick(reachable));
    }
  }
  return Int32Array.from(chosen).sort();
}

/** Distances from the member: 1, 2, 3 (3 = three or more hops), 0 = unreachable (out of network). */
export function degreesFrom(graph: Graph, first: Int32Array): Uint8Array {
  const n = graph.offsets.length - 1;
  const degree = new Uint8Array(n);
  let frontier: number[] = [];
  for (const i of first) {
    degree[i] = 1;
    frontier.push(i);
  }
  for (let d = 2; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const i of frontier) {
      for (const j of neighboursOf(graph, i)) {
        if (degree[j] !== 0) continue;
        degree[j] = Math.min(d, 3);
        next.push(j);
      }
    }
    frontier = next;
  }
  return degree;
}
