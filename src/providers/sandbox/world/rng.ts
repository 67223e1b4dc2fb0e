/**
 * Seeded randomness for the sandbox world. Only 32-bit integer arithmetic (Math.imul, shifts) and
 * exact divisions by 2^32, so a seed gives the same world on every machine and Node version.
 */

/** xmur3: hashes a string into a stream of 32-bit words (used to seed sfc32). */
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/** A 32-bit hash of a string. */
export function hash32(text: string): number {
  return xmur3(text)();
}

/**
 * sfc32 generator. Independent streams come from distinct keys (`rngFor(seed, 'profile', 12)`), so
 * adding a field to one generator does not reshuffle everything generated after it.
 */
export class Rng {
  // The four sfc32 words live in an Int32Array: as object fields, 32-bit values would be boxed
  // into heap numbers on every draw (V8 small integers are 31-bit).
  private readonly s = new Int32Array(4);

  constructor(key: string) {
    const next = xmur3(key);
    for (let i = 0; i < 4; i++) this.s[i] = next();
    // The first outputs of sfc32 are weakly mixed; burn a few.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = (s[3] + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    s[3] = d;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `k` distinct items in random order (all of them when k >= length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }
}

/** The stream for one part of one world: `rngFor(seed, 'profile', 42)`. */
export function rngFor(seed: string, ...parts: Array<string | number>): Rng {
  return new Rng(`${seed}\u0000${parts.join('\u0000')}`);
}

/**
 * Picks an index with probability proportional to its weight. Built once per weight list; each draw
 * is a binary search over the cumulative sums.
 */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i];
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  pick(rng: Rng): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
