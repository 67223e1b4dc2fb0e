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
  /** Keys with an operation in a batch that has not committed yet, and how many. */
  private busyKeys = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: { maxBatch?: number; maxConcurrentFlushes?: number } = {},
  ) {}

  /**
   * `key` orders operations inside a batch (account id): taking row locks in a fixed order keeps
   * concurrent batches on PostgreSQL from deadlocking. Operations with the same key never run in two
   * concurrent batches: the later one waits for the earlier one's commit and sees what it wrote (an
   * Idempotency-Key, a lane position).
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
    const max = this.opts.maxBatch ?? 512;
    let batch: Op[];
    if (this.busyKeys.size === 0 && this.pending.length <= max) {
      batch = this.pending;
      this.pending = [];
    } else {
      batch = [];
      const rest: Op[] = [];
      for (const op of this.pending) (batch.length < max && !this.busyKeys.has(op.key) ? batch : rest).push(op);
      this.pending = rest;
      if (batch.length === 0) return; // everything waits for a batch in flight, which reschedules
    }
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const op of batch) this.busyKeys.set(op.key, (this.busyKeys.get(op.key) ?? 0) + 1);
    this.inFlight++;
    this.execute(batch).finally(() => {
      for (const op of batch) {
        const n = this.busyKeys.get(op.key)! - 1;
        if (n === 0) this.busyKeys.delete(op.key);
        else this.busyKeys.set(op.key, n);
      }
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
