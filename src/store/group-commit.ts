import type { Kysely, Transaction } from 'kysely';
import type { DeferredSync } from './deferred-sync.ts';
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
 * data is committed and synced; on SQLite the sync runs off the event loop, store/deferred-sync.ts). Operations must report expected outcomes as values and throw only on
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
    private readonly opts: {
      maxBatch?: number;
      maxConcurrentFlushes?: number;
      /** SQLite: commit without waiting for the disk, and sync off the event loop before answering. */
      deferredSync?: DeferredSync | null;
    } = {},
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
    // The slot and the keys are free once the batch has committed: the next batch may form and
    // commit while this one's sync runs (it sees what this one wrote, and its own answers wait for a
    // sync that starts after its commit, which covers this batch too).
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const op of batch) {
        const n = this.busyKeys.get(op.key)! - 1;
        if (n === 0) this.busyKeys.delete(op.key);
        else this.busyKeys.set(op.key, n);
      }
      this.inFlight--;
      if (this.pending.length > 0) this.schedule();
    };
    this.execute(batch, release).finally(release);
  }

  private transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const deferred = this.opts.deferredSync;
    return deferred ? deferred.transaction(fn) : this.db.transaction().execute(fn);
  }

  /** Answers leave only once their commit is durable (after the deferred sync, where there is one). */
  private async durable(): Promise<void> {
    await this.opts.deferredSync?.sync();
  }

  private async execute(batch: Op[], committed: () => void): Promise<void> {
    const results: unknown[] = [];
    try {
      await this.transaction(async (trx) => {
        results.length = 0;
        for (const op of batch) results.push(await op.fn(trx));
      });
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      await this.executeAlone(batch);
      return;
    }
    committed();
    try {
      await this.durable();
    } catch (err) {
      for (const op of batch) op.reject(err);
      return;
    }
    batch.forEach((op, i) => op.resolve(results[i]));
  }

  private async executeAlone(batch: Op[]): Promise<void> {
    for (const op of batch) {
      try {
        const result = await this.transaction((trx) => op.fn(trx));
        await this.durable();
        op.resolve(result);
      } catch (err) {
        op.reject(err);
      }
    }
  }
}
