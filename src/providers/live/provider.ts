import type { Logger } from 'pino';
import type { ProviderHandlers, RunTable, VerifyTable } from '../../actions/provider-contract.ts';
import type { RunContext } from '../../actions/run-context.ts';
import type { AccountSync } from '../../actions/sync-contract.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Random } from '../../lib/random.ts';
import { liveChecks, type CheckResult } from './check.ts';
import { contentHandlers } from './handlers/content.ts';
import { messagingHandlers } from './handlers/messaging.ts';
import { networkHandlers } from './handlers/network.ts';
import { profileHandlers } from './handlers/profiles.ts';
import type { Live } from './handler-context.ts';
import { QueryIdRegistry, type QueryIdLoader } from './query-id-registry.ts';
import type { QueryIds } from './query-ids.ts';
import { Session, type Envelope } from './session.ts';
import { accountSync } from './sync.ts';

export interface LiveProviderOptions {
  /** LinkedIn's site root (`https://www.linkedin.com`); Voyager lives under `/voyager/api`. */
  baseUrl: string;
  clock: Clock;
  logger: Logger;
  /** Upper bound of one HTTP exchange with LinkedIn (default 20 s). */
  timeoutMs?: number;
  /** Envelope asked for on REST and GraphQL reads (default `normalized`, as the web app). */
  envelope?: Envelope;
  /** Query ids and decorations to use instead of the shipped defaults (the stored ones still win). */
  queryIds?: Partial<QueryIds>;
  /** Reads the deployment's stored query ids (table `linkedin_query_ids`); at most once a minute. */
  loadQueryIds?: QueryIdLoader;
  /** Allow account proxies on loopback/private/link-local addresses (default false). */
  allowPrivateProxy?: boolean;
  /**
   * Waits between two calls of one run (a profile read, then the invitation), as a person clicking
   * through pages would: a gap drawn uniformly from `callGapMs` (default 800–3000 ms) with `random`.
   * Without `sleep` there is no gap (tests; `WELINK_PACING=off`).
   */
  sleep?: (ms: number) => Promise<void>;
  random?: Random;
  callGapMs?: [min: number, max: number];
}

/** The live provider: its action tables, the session check, the account sync and the read-only check. */
export interface LiveProvider extends ProviderHandlers {
  sync: AccountSync;
  /** The read-only calls of `welink live check`, each with its verdict (never a side effect). */
  check(ctx: RunContext): Promise<CheckResult[]>;
}

/**
 * The live LinkedIn provider: LinkedIn's internal web API ("Voyager") with the account owner's
 * session cookies. Its run table is typed by the action catalogue (provider-contract.ts): every
 * action reads its declared input and answers its declared result; the side-effecting ones have a
 * verification that reads LinkedIn to tell whether an interrupted run already did it. Sales
 * Navigator, Recruiter and endorsements answer NOT_SUPPORTED. `checkSession` (GET /me) tells
 * connect_account_cookies whose the cookies are; `sync` reads new messages and connections.
 */
export function createLiveProvider(o: LiveProviderOptions): LiveProvider {
  const logger = o.logger.child({ provider: 'live' });
  const ids = new QueryIdRegistry({ overrides: o.queryIds, load: o.loadQueryIds, clock: o.clock, logger });
  const [gapMin, gapMax] = o.callGapMs ?? [800, 3000];
  const { sleep, random } = o;
  const gap = sleep ? () => sleep(Math.round(gapMin + (random ? random.next() : Math.random()) * (gapMax - gapMin))) : undefined;
  // One session per run: one cookie jar, one set of page instances, one pace across the run's calls.
  const sessions = new WeakMap<RunContext, Session>();
  const live: Live = {
    q: ids.q,
    session: (ctx) => {
      let s = sessions.get(ctx);
      if (!s) {
        s = new Session(ctx, { baseUrl: o.baseUrl, logger, timeoutMs: o.timeoutMs ?? 20000, envelope: o.envelope ?? 'normalized', allowPrivateProxy: o.allowPrivateProxy ?? false, q: ids.q, gap });
        sessions.set(ctx, s);
      }
      return s;
    },
  };
  const profile = profileHandlers(live);
  const network = networkHandlers(live);
  const messaging = messagingHandlers(live);
  const content = contentHandlers(live);
  const run: RunTable = withFreshIds(ids, { ...profile.run, ...network.run, ...messaging.run, ...content.run });
  const verify: VerifyTable = withFreshIds(ids, { ...profile.verify, ...network.verify, ...messaging.verify, ...content.verify });
  const sync = withFreshIds(ids, accountSync(live));
  const checkSession = withFreshIds(ids, { checkSession: profile.checkSession }).checkSession;
  const checks = liveChecks(live, { run, checkSession });
  return {
    run,
    verify,
    checkSession,
    sync,
    check: async (ctx) => {
      await ids.fresh();
      return checks(ctx);
    },
  };
}

/** The same table, each entry reading the stored query ids first (a no-op within the minute). */
function withFreshIds<T extends object>(ids: QueryIdRegistry, table: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(table)) {
    out[name] = async (...args: unknown[]) => {
      await ids.fresh();
      return (f as (...a: unknown[]) => unknown)(...args);
    };
  }
  // Each entry keeps its own signature; the loop over names is what the compiler cannot follow.
  return out as T;
}
