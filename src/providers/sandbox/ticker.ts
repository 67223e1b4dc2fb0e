import type { Logger } from 'pino';
import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Sealer } from '../../lib/secrets.ts';
import type { GroupCommitter } from '../../store/group-commit.ts';
import type { Store } from '../../store/open.ts';
import { processDue } from './scheduled-changes.ts';

export interface TickerOptions {
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  sealer: Sealer;
  logger: Logger;
  config: Config;
  /** Call after committing events (wakes the webhook dispatcher). */
  onEvents: () => void;
}

/**
 * Moves the simulated LinkedIn forward in time (see scheduled-changes.ts): invitations accepted, replies
 * arriving, tracked replies detected. Runs every WELINK_SANDBOX_TICK_MS in worker processes; safe
 * to run in several processes at once.
 */
export class SandboxTicker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly o: TickerOptions) {}

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((err) => this.o.logger.warn({ err }, 'sandbox tick failed'))
        .finally(() => (this.running = null));
    }, this.o.config.sandboxTickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Processes everything due at the current clock time; returns how many changes it made. */
  async tick(): Promise<number> {
    const { changes, events } = await processDue({ store: this.o.store, committer: this.o.committer, seed: this.o.config.sandboxSeed, logger: this.o.logger }, this.o.clock.now());
    if (events > 0) this.o.onEvents();
    return changes;
  }
}
