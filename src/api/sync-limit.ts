/**
 * Per-credential limit on synchronous calls, kept in memory per process: it protects the server from
 * runaway polling and needs no exactness (unlike the per-account hourly limit, which is in the store).
 * A sliding window approximated from the current and previous fixed minute.
 */
export class SyncLimiter {
  private windows = new Map<string, { start: number; count: number; prev: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60000,
  ) {}

  /** Counts one call; returns null when allowed, or the seconds to wait. */
  hit(key: string, now: number): number | null {
    const start = now - (now % this.windowMs);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      const prev = w && w.start === start - this.windowMs ? w.count : 0;
      w = { start, count: 0, prev };
      if (this.windows.size > 50000) this.windows.clear();
      this.windows.set(key, w);
    }
    const weight = 1 - (now - start) / this.windowMs;
    if (w.count + w.prev * weight >= this.limit) return Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
    w.count++;
    return null;
  }
}
