import type { Logger } from 'pino';
import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Sealer } from '../../lib/secrets.ts';
import type { GroupCommitter } from '../../store/group-commit.ts';
import type { Store } from '../../store/open.ts';

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
 * Moves the simulated LinkedIn forward in time: invitations accepted, replies arriving, tracked
 * replies detected (to be implemented).
 */
export class SandboxTicker {
  constructor(private readonly o: TickerOptions) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  /** Processes everything due at the current clock time (tests). */
  async tick(): Promise<number> {
    return 0;
  }
}
