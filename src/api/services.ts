import type { Logger } from 'pino';
import type { Config } from '../config/schema.ts';
import type { Acceptor } from '../engine/accept.ts';
import type { Clock } from '../lib/clock.ts';
import type { Random } from '../lib/random.ts';
import type { Sealer } from '../lib/secrets.ts';
import type { ProviderHandlers } from '../actions/provider-contract.ts';
import type { ReplyTrackers, SandboxInspection } from '../providers/sandbox/inspection.ts';
import type { GroupCommitter } from '../store/group-commit.ts';
import type { Store } from '../store/open.ts';
import type { Authenticator } from './auth.ts';
import type { FinishedResponses } from './finished-responses.ts';
import type { SyncLimiter } from './sync-limit.ts';

/** What route handlers may use; built once by the composition root (app.ts). */
export interface Services {
  config: Config;
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  random: Random;
  sealer: Sealer;
  logger: Logger;
  acceptor: Acceptor;
  authenticator: Authenticator;
  syncLimiter: SyncLimiter;
  /** get_response answers of finished requests, kept in this process. */
  finishedResponses: FinishedResponses;
  providers: (mode: 'sandbox' | 'live') => ProviderHandlers;
  /** The simulated LinkedIn's inspection and simulated time (sandbox-only operations). */
  sandbox: SandboxInspection;
  trackers: ReplyTrackers;
  /** Wake the local worker / other processes: new work queued. */
  wakeWork(): void;
  /** Wake the webhook dispatcher: new deliveries committed. */
  wakeWebhooks(): void;
}
