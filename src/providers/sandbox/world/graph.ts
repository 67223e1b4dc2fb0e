import type { Rng } from './rng.ts';

/**
 * The connection graph between world profiles, by profile index. Symmetric, no self loops, no
 * duplicates. Stored compressed (CSR): the neighbours of i are neighbors[offsets[i]..offsets[i+1]),
 * sorted ascending.
 */
export interface Graph {
  offsets: Int32Array;
  neighbors: Int32Array;
}

export interface GraphInput {
  /** Per profile: which component it belongs to. Edges never cross components. */
  component: Uint8Array;
  /** Per profile: employer, city and country; most connections are colleagues or compatriots. */
  company: Int32Array;
  city: Int32Array;
  country: Int32Array;
  minDegree: number;
  maxDegree: number;
}

export function buildGraph(rng: Rng, input: GraphInput): Graph {
  const n = input.component.length;
  const { component, company, city, country } = input;
  const byCompany = groupBy(company);
  const byCity = groupBy(city);
  const byCountry = groupBy(country);
  const byComponent = groupBy(component);

  // Fixed-stride adjacency rows (maxDegree slots each): no per-node arrays to grow and collect.
  const stride = input.maxDegree;
  const rows = new Int32Array(n * stride);
  const degree = new Int32Array(n);
  const target = new Int32Array(n);
  const cap = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const size = byComponent.get(component[i])!.length;
    cap[i] = Math.min(input.maxDegree, size - 1);
    // Heavy-tailed: most people have a few dozen connections, a few have up to maxDegree.
    const u = rng.next();
    target[i] = Math.min(cap[i], input.minDegree + Math.floor(u * u * u * u * u * u * (input.maxDegree - input.minDegree)));
  }

  // stamp[j] === i + 1 marks j as i's neighbour (or i itself) while i is being filled.
  const stamp = new Int32Array(n);
  // A candidate j is eligible when it is not yet linked to i, in i's component and below its cap.
  // (Written out inline below: this loop runs a few hundred thousand times, mostly before the JIT
  // has optimized it, and calls cost.)
  for (let i = 0; i < n; i++) {
    const mark = i + 1;
    const home = component[i];
    stamp[i] = mark;
    for (let k = i * stride, end = k + degree[i]; k < end; k++) stamp[rows[k]] = mark;
    const peers = byComponent.get(home)!;
    const pools = [byCompany.get(company[i])!, byCity.get(city[i])!, byCountry.get(country[i])!, peers];
    // Consecutive misses per pool: a small company is soon all connected, so stop drawing from it.
    const misses = [0, 0, 0, 0];
    let need = target[i] - degree[i];
    for (let attempt = 0, limit = need * 20 + 50; need > 0 && attempt < limit; attempt++) {
      // One draw gives both the pool (low byte) and the member (high 24 bits).
      const u = rng.u32();
      const roll = u & 0xff;
      let kind = roll < 128 ? 0 : roll < 205 ? 1 : roll < 243 ? 2 : 3;
      if (misses[kind] >= 8) kind = 3;
      const pool = pools[kind];
      const j = pool[Math.floor(((u >>> 8) / 16777216) * pool.length)];
      if (stamp[j] === mark || component[j] !== home || degree[j] >= cap[j]) {
        misses[kind]++;
        continue;
      }
      misses[kind] = 0;
      rows[i * stride + degree[i]++] = j;
      rows[j * stride + degree[j]++] = i;
      stamp[j] = mark;
      need--;
    }
    // Random draws can miss in a tiny or saturated component; a scan always finds what is left.
    for (let k = 0, start = rng.int(0, peers.length - 1); need > 0 && k < peers.length; k++) {
      const j = peers[(start + k) % peers.length];
      if (stamp[j] === mark || degree[j] >= cap[j]) continue;
      rows[i * stride + degree[i]++] = j;
      rows[j * stride + degree[j]++] = i;
      stamp[j] = mark;
      need--;
    }
  }

  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + degree[i];
  const neighbors = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    neighbors.set(rows.subarray(i * stride, i * stride + degree[i]), offsets[i]);
    neighbors.subarray(offsets[i], offsets[i + 1]).sort();
  }
  return { offsets, neighbors };
}

export function neighboursOf(graph: Graph, i: number): Int32Array {
  return graph.neighbors.subarray(graph.offsets[i], graph.offsets[i + 1]);
}

/** Binary search in i's sorted neighbour list. */
export function connected(graph: Graph, i: number, j: number): boolean {
  let lo = graph.offsets[i];
  let hi = graph.offsets[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = graph.neighbors[mid];
    if (v === j) return true;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function groupBy(keys: ArrayLike<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const list = out.get(keys[i]);
    if (list) list.push(i);
    else out.set(keys[i], [i]);
  }
  return out;
}
