import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../lib/clock.ts';
import type { Random } from '../lib/random.ts';
import type { Sealer } from '../lib/secrets.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import type { Store } from '../store/open.ts';

export interface DispatcherOptions {
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  random: Random;
  sealer: Sealer;
  logger: Logger;
  config: Config;
}

/** Delivers pending webhook deliveries (to be implemented). */
export class WebhookDispatcher {
  constructor(private readonly o: DispatcherOptions) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  wake(): void {}
  /** Attempts every delivery due now and waits for them (tests). */
  async runDue(): Promise<number> {
    return 0;
  }
}
