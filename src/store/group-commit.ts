import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables.ts';

type Op = {
  key: string;
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};

/**
 * Group commit: every operation submitted during one event-loop turn runs in one shared
 * transaction, so one fsync covers them all (an acknowledgement still leaves only after its own
 * data is committed). Operations must report expected outcomes as values and throw only on
 * infrastructure errors; if the shared transaction fails, each operation is retried alone so one bad
 * operation cannot fail its neighbours.
 */
export class GroupCommitter {
  private pending: Op[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: { maxBatch?: number; maxConcurrentFlushes?: number } = {},
  ) {}

  /**
   * `key` orders operations inside a batch (account id): taking row locks in a fixed order keeps
   * concurrent batches on PostgreSQL from deadlocking.
   */
  run<T>(key: string, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ key, fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    if (this.inFlight >= (this.opts.maxConcurrentFlushes ?? 1)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.opts.maxBatch ?? 512);
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.inFlight++;
    this.execute(batch).finally(() => {
      this.inFlight--;
      if (this.pending.length > 0) this.schedule();
    });
  }

  private async execute(batch: Op[]): Promise<void> {
    const results: unknown[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        results.length = 0;
        for (const op of batch) results.push(await op.fn(trx));
      });
      batch.forEach((op, i) => op.resolve(results[i]));
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
    }
    for (const op of batch) {
      try {
        op.resolve(await this.db.transaction().execute((trx) => op.fn(trx)));
      } catch (err) {
        op.reject(err);
      }
    }
  }
}
