import type { Clock } from './clock.ts';

/**
 * What one round of a background loop found:
 * - `again`: it took work and could take more; look again at once.
 * - `busy`: it is at capacity; sleep until woken (a run finishing wakes it) or the poll interval.
 * - `idle`: nothing to take now; sleep until the next known due time, woken early by new work.
 */
export type RoundResult = 'again' | 'busy' | 'idle';

export interface PollLoopOptions {
  /** Claims and starts what it can; throws on infrastructure trouble (the loop waits a second and retries). */
  round(): Promise<RoundResult>;
  /** When the next known work becomes due (ms since the epoch), or null when none is known. */
  nextDueAt(): Promise<number | null>;
  /** Longest sleep: the fallback when wake-ups from other processes are lost. */
  pollMs: number;
  clock: Clock;
  onError(err: unknown): void;
}

/**
 * The loop of the engine and the webhook dispatcher: rounds of claiming work, and sleeps that new
 * work cuts short. A wake that arrives while a round is running is kept, so the next sleep returns
 * at once: work committed during a claim never waits for the poll interval.
 */
export class PollLoop {
  private stopping = false;
  private done: Promise<void> | null = null;
  private wakeResolve: (() => void) | null = null;
  private wakePending = false;

  constructor(private readonly o: PollLoopOptions) {}

  start(): void {
    this.stopping = false;
    this.done ??= this.run().finally(() => (this.done = null));
  }

  /** New work may be there: end the current sleep, or the next one before it starts. */
  wake(): void {
    const r = this.wakeResolve;
    this.wakeResolve = null;
    if (r) r();
    else this.wakePending = true;
  }

  /** Ends the loop after its current round. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.done;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let result: RoundResult;
      try {
        result = await this.o.round();
      } catch (err) {
        this.o.onError(err);
        await this.sleep(1000);
        continue;
      }
      if (result === 'again') continue;
      let delay = this.o.pollMs;
      if (result === 'idle') {
        try {
          const due = await this.o.nextDueAt();
          if (due !== null) delay = Math.min(delay, Math.max(5, due - this.o.clock.now()));
        } catch {
          // The database is away: poll again later.
        }
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeResolve = null;
        resolve();
      }, ms);
      this.wakeResolve = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
