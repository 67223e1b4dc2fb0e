import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Authenticator } from './api/auth.ts';
import { registerDocs } from './api/docs.ts';
import { registerHealth } from './api/health.ts';
import { registerMetrics } from './api/metrics.ts';
import { buildOpenApi } from './api/openapi.ts';
import { allOperations } from './api/operations.ts';
import { buildServer } from './api/server.ts';
import type { Services } from './api/services.ts';
import { SyncLimiter } from './api/sync-limit.ts';
import { FinishedResponses } from './api/finished-responses.ts';
import type { Config } from './config/schema.ts';
import type { ProviderHandlers } from './actions/provider-contract.ts';
import { onLoginSucceeded } from './connect-links/on-login.ts';
import { registerConnectPages } from './connect-links/routes.ts';
import { registerConsole } from './console/routes.ts';
import { Acceptor } from './engine/accept.ts';
import { Engine } from './engine/engine.ts';
import { LiveSync } from './engine/sync/live-sync.ts';
import { holdPolicyOf } from './engine/transitions/holds.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { createLogger } from './lib/logger.ts';
import { loadMasterKey } from './lib/master-key.ts';
import { systemRandom, type Random } from './lib/random.ts';
import { Sealer } from './lib/secrets.ts';
import { registerMcp } from './mcp/http.ts';
import { createLiveProvider } from './providers/live/provider.ts';
import { readStoredQueryIds } from './providers/live/query-id-table.ts';
import { createReplyTrackers, createSandboxInspection } from './providers/sandbox/inspection.ts';
import { createSandboxProvider } from './providers/sandbox/provider.ts';
import { SandboxTicker } from './providers/sandbox/ticker.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { GroupCommitter } from './store/group-commit.ts';
import { migrate, openStore, type Store } from './store/open.ts';
import { Metrics } from './observability/metrics.ts';

export type Role = 'all' | 'api' | 'worker';

/** Where the HTTP server listens: the bound address and port (port 0 and no address for a worker). */
export interface Bound {
  port: number;
  address: string;
}

export interface AppOptions {
  config: Config;
  role?: Role;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  /** Replace a provider (tests of the live provider point it elsewhere). */
  providers?: Partial<Record<'sandbox' | 'live', ProviderHandlers>>;
}

export interface App {
  server: FastifyInstance;
  engine: Engine;
  dispatcher: WebhookDispatcher;
  ticker: SandboxTicker;
  /** The live accounts' sync (messages received, invitations accepted). */
  sync: LiveSync;
  services: Services;
  store: Store;
  /**
   * Listens on the configured port (api roles), then starts the background loops (worker roles).
   * Rejects, with nothing started, when the port cannot be bound.
   */
  start(): Promise<Bound>;
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/** The composition root: every part is built and wired here, and nowhere else. */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const role = opts.role ?? 'all';
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? systemRandom;
  const logger = opts.logger ?? createLogger(config.logLevel);

  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    namedStatements: config.pgNamedStatements,
    onError: (err) => logger.warn({ err: { message: err.message, code: (err as any).code } }, 'database connection error'),
  });
  await migrate(store);
  const master = loadMasterKey(config);
  if (master.source === 'generated') logger.info({ dataDir: config.dataDir }, 'generated a master key in the data folder');
  const sealer = new Sealer(master.key);
  const metrics = new Metrics(store);
  const committer = new GroupCommitter(store.db, { maxConcurrentFlushes: store.concurrentWriters, deferredSync: store.deferredSync });

  const sandbox = opts.providers?.sandbox ?? createSandboxProvider({ db: store.db, seed: config.sandboxSeed, committer });
  const live =
    opts.providers?.live ??
    createLiveProvider({
      baseUrl: config.linkedinBaseUrl,
      clock,
      logger,
      allowPrivateProxy: config.proxyAllowPrivate,
      loadQueryIds: () => readStoredQueryIds(store.db),
      // A human-like 0.8-3 s between the calls of one action, unless WELINK_PACING=off.
      ...(config.pacing === 'on' ? { sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), random } : {}),
    });
  const providers = (mode: 'sandbox' | 'live'): ProviderHandlers => {
    return mode === 'live' ? live : sandbox;
  };

  let engine: Engine;
  let workNotifyScheduled = false;
  const wakeWork = () => {
    engine?.wake();
    // Other processes' workers (a no-op where one process owns the database): one NOTIFY per
    // event-loop turn, so a group-commit batch of acceptances costs one statement, not one each.
    if (workNotifyScheduled) return;
    workNotifyScheduled = true;
    setImmediate(() => {
      workNotifyScheduled = false;
      store.notify('welink_work').catch(() => {});
    });
  };
  let dispatcher: WebhookDispatcher;
  const wakeWebhooks = () => dispatcher?.wake();

  const services: Services = {
    config,
    store,
    committer,
    clock,
    random,
    sealer,
    logger,
    providers,
    sandbox: createSandboxInspection({ store, committer, seed: config.sandboxSeed, logger }),
    trackers: createReplyTrackers({ store }),
    acceptor: new Acceptor({
      committer,
      clock,
      sealer,
      rateLimit: { limit: config.rateLimit, windowMs: config.rateWindowSeconds * 1000 },
      minPauseMs: config.pacing === 'on' ? config.pacingMinSeconds * 1000 : 0,
      idempotencyTtlMs: 24 * 3600 * 1000,
      maxAccountsPerWorkspace: config.maxAccountsPerWorkspace,
      loginsPerHour: config.loginsPerHour,
      onQueued: () => wakeWork(),
    }),
    authenticator: new Authenticator(store.db, clock, config.authCacheMs),
    syncLimiter: new SyncLimiter(config.syncRateLimit),
    finishedResponses: new FinishedResponses({ maxBytes: 32 * 1024 * 1024, retentionMs: config.retentionDays * 86400000 }),
    wakeWork,
    wakeWebhooks,
  };

  engine = new Engine({
    store,
    committer,
    clock,
    random,
    sealer,
    logger,
    providers,
    pacing: {
      enabled: config.pacing === 'on',
      minSeconds: config.pacingMinSeconds,
      maxSeconds: config.pacingMaxSeconds,
      distribution: config.pacingDistribution,
    },
    leaseMs: config.leaseSeconds * 1000,
    concurrency: config.workerConcurrency,
    pollMs: config.pollMs,
    onEvents: () => services.wakeWebhooks(),
    retention: { retentionMs: config.retentionDays * 86400000, rateWindowMs: config.rateWindowSeconds * 1000 },
    faults: { killAfterEffectPercent: config.faultKillAfterEffect, actionDelayMs: config.faultActionDelayMs },
    onLoginSucceeded,
    holds: holdPolicyOf(config),
    metrics,
  });

  dispatcher = new WebhookDispatcher({ store, committer, clock, random, sealer, logger, config, metrics });
  const ticker = new SandboxTicker({ store, committer, clock, sealer, logger, config, onEvents: wakeWebhooks });
  const sync = new LiveSync({
    store,
    committer,
    clock,
    random,
    sealer,
    logger,
    provider: () => providers('live'),
    intervalMs: config.liveSyncMinutes * 60_000,
    pacing: config.pacing === 'on',
    leaseMs: config.leaseSeconds * 1000,
    pollMs: config.pollMs,
    holds: holdPolicyOf(config),
    onEvents: wakeWebhooks,
  });

  const operations = allOperations();
  let openapi: Record<string, unknown> | null = null;
  const server = buildServer({
    services,
    operations,
    logger,
    register: (app) => {
      registerHealth(app, store);
      registerMetrics(app, metrics);
      registerDocs(app, { openapi: () => (openapi ??= buildOpenApi(operations, { version: VERSION })), title: 'welink API' });
      registerConnectPages(app, services, registerConsole(app, services));
      registerMcp(app, services);
    },
  });

  let started = false;
  return {
    server,
    engine,
    dispatcher,
    ticker,
    sync,
    services,
    store,
    async start() {
      // Listen first: a process that cannot bind its port (taken, unknown HOST) must fail before
      // its worker, dispatcher and ticker touch the database.
      let bound: Bound = { port: 0, address: '' };
      if (role === 'worker') await server.ready();
      else {
        await server.listen({ port: config.port, host: config.host });
        const addr = server.server.address();
        bound = typeof addr === 'object' && addr ? { port: addr.port, address: addr.address } : { port: config.port, address: config.host };
      }
      if (role !== 'api') {
        started = true;
        await engine.start();
        await dispatcher.start();
        await ticker.start();
        await sync.start();
      }
      return bound;
    },
    async close() {
      await server.close();
      if (started && role !== 'api') {
        await ticker.stop();
        await sync.stop();
        await engine.stop();
        await dispatcher.stop();
      }
      await store.close();
    },
  };
}
