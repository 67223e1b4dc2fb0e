import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { ProviderHandlers } from '../types.ts';
import { contentHandlers } from './actions/content.ts';
import { messagingHandlers } from './actions/messaging.ts';
import { networkHandlers } from './actions/network.ts';
import { profileHandlers } from './actions/profile.ts';
import type { Live } from './live.ts';
import { defaultQueryIds, type QueryIds } from './query-ids.ts';
import { Session, type Envelope } from './session.ts';

export interface LiveProviderOptions {
  /** LinkedIn's site root (`https://www.linkedin.com`); Voyager lives under `/voyager/api`. */
  baseUrl: string;
  clock: Clock;
  logger: Logger;
  /** Upper bound of one HTTP exchange with LinkedIn (default 20 s). */
  timeoutMs?: number;
  /** Envelope asked for on REST and GraphQL reads (default `normalized`, as the web app). */
  envelope?: Envelope;
  /** Re-captured query ids and decorations, when LinkedIn rotated them. */
  queryIds?: Partial<QueryIds>;
}

/**
 * The live LinkedIn provider: LinkedIn's internal web API ("Voyager") with the account owner's
 * session cookies. Handlers are keyed by action name; the side-effecting ones have a verification
 * that reads LinkedIn to tell whether an interrupted run already did it.
 * Actions without a handler (Sales Navigator and Recruiter ones) fail with NOT_SUPPORTED.
 */
export function createLiveProvider(o: LiveProviderOptions): ProviderHandlers {
  const q = { ...defaultQueryIds, ...o.queryIds };
  const logger = o.logger.child({ provider: 'live' });
  const live: Live = {
    q,
    session: (ctx) => new Session(ctx, { baseUrl: o.baseUrl, logger, timeoutMs: o.timeoutMs ?? 20000, envelope: o.envelope ?? 'normalized' }),
  };
  const parts = [profileHandlers(live), networkHandlers(live), messagingHandlers(live), contentHandlers(live)];
  return {
    run: Object.assign({}, ...parts.map((p) => p.run)),
    verify: Object.assign({}, ...parts.map((p) => p.verify)),
  };
}
