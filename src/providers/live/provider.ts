import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.ts';
import type { ProviderHandlers, RunTable, VerifyTable } from '../../actions/provider-contract.ts';
import { contentHandlers } from './handlers/content.ts';
import { messagingHandlers } from './handlers/messaging.ts';
import { networkHandlers } from './handlers/network.ts';
import { profileHandlers } from './handlers/profiles.ts';
import type { Live } from './handler-context.ts';
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
  /** Allow account proxies on loopback/private/link-local addresses (default false). */
  allowPrivateProxy?: boolean;
}

/**
 * The live LinkedIn provider: LinkedIn's internal web API ("Voyager") with the account owner's
 * session cookies. Its run table is typed by the action catalogue (provider-contract.ts): every
 * action reads its declared input and answers its declared result; the side-effecting ones have a
 * verification that reads LinkedIn to tell whether an interrupted run already did it. Sales
 * Navigator and Recruiter actions answer NOT_SUPPORTED. `checkSession` (GET /me) tells
 * connect_account_cookies whose the cookies are.
 */
export function createLiveProvider(o: LiveProviderOptions): ProviderHandlers {
  const q = { ...defaultQueryIds, ...o.queryIds };
  const logger = o.logger.child({ provider: 'live' });
  const live: Live = {
    q,
    session: (ctx) => new Session(ctx, { baseUrl: o.baseUrl, logger, timeoutMs: o.timeoutMs ?? 20000, envelope: o.envelope ?? 'normalized', allowPrivateProxy: o.allowPrivateProxy ?? false }),
  };
  const profile = profileHandlers(live);
  const network = networkHandlers(live);
  const messaging = messagingHandlers(live);
  const content = contentHandlers(live);
  const run: RunTable = { ...profile.run, ...network.run, ...messaging.run, ...content.run };
  const verify: VerifyTable = { ...profile.verify, ...network.verify, ...messaging.verify, ...content.verify };
  return { run, verify, checkSession: profile.checkSession };
}
