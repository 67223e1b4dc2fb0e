import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import { defaultQueryIds, isQueryIdKey, validQueryIdValue, type QueryIds } from './query-ids.ts';

/** Reads the deployment's stored values (key → value); rows it cannot use are ignored. */
export type QueryIdLoader = () => Promise<{ key: string; value: string }[]>;

/**
 * The query ids in force: the shipped defaults, then the provider's options, then the deployment's
 * stored rows. `q` is one object refreshed in place, so every handler reads the current values.
 * The table is read before the first call and again at most once per `ttlMs` (a dozen rows): a
 * `welink live import-har` run by another process takes effect within that time, without a restart.
 */
export class QueryIdRegistry {
  readonly q: QueryIds;
  private readonly base: QueryIds;
  private checkedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly o: { overrides?: Partial<QueryIds>; load?: QueryIdLoader; clock: Clock; logger: Logger; ttlMs?: number },
  ) {
    this.base = { ...defaultQueryIds, ...o.overrides };
    this.q = { ...this.base };
  }

  /** Brings `q` up to date when the last read is older than the TTL; never throws (a failed read keeps the current values). */
  async fresh(): Promise<void> {
    const load = this.o.load;
    if (!load || this.o.clock.now() - this.checkedAt < (this.o.ttlMs ?? 60_000)) return;
    this.loading ??= (async () => {
      try {
        const rows = await load();
        const next: QueryIds = { ...this.base };
        for (const r of rows) if (isQueryIdKey(r.key) && validQueryIdValue(r.key, r.value)) next[r.key] = r.value;
        Object.assign(this.q, next);
        this.checkedAt = this.o.clock.now();
      } catch (err) {
        // The database is briefly unreachable: keep the values we have and ask again next time.
        this.o.logger.warn({ err: { message: (err as Error).message } }, 'could not read the stored LinkedIn query ids');
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }
}
