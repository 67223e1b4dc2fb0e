import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { stampEvents, stampsLater } from '../store/event-seq.ts';
import type { Database } from '../store/tables.ts';

/**
 * Numbers committed events soon after they commit, where that happens after the commit (PostgreSQL,
 * see store/event-seq.ts): nudged after each commit that emitted events, it runs once for all the
 * nudges of the next `delayMs`, never twice at once in a process. Readers of the log stamp before
 * reading too, so this only keeps the unnumbered tail short.
 */
export class EventStamper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly active: boolean;

  constructor(private readonly o: { db: Kysely<Database>; logger: Logger; delayMs?: number }) {
    this.active = stampsLater(o.db);
  }

  start(): void {
    this.stopped = false;
    this.nudge();
  }

  /** Events were committed: number them shortly. */
  nudge(): void {
    if (!this.active || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.run(), this.o.delayMs ?? 20);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private run(): void {
    this.timer = null;
    this.running = stampEvents(this.o.db)
      .then(
        () => undefined,
        (err) => this.o.logger.warn({ err: { message: (err as Error).message } }, 'numbering events failed; retrying'),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }
}
