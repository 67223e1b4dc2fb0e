import { Welink, type WelinkOptions } from '@welink/sdk';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { createKey, type KeyRestrictions } from '../../src/tenancy/keys.ts';
import type { DialectEnv } from '../helpers/dialects.ts';

export interface Credentials {
  workspaceId: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * A real welink (API, engine, webhook dispatcher, sandbox ticker) on a fresh database, listening
 * on 127.0.0.1 with a free port, on the system clock, so clients talk to it over real HTTP exactly
 * as a user's code would. Pacing is off; webhooks may target 127.0.0.1.
 */
export interface RunningServer {
  app: App;
  config: Config;
  /** http://127.0.0.1:<port> */
  url: string;
  /** A new sandbox workspace (unless `mode`) with a credential pair. */
  tenant(opts?: { mode?: 'sandbox' | 'live' } & KeyRestrictions): Promise<Credentials>;
  /** An SDK client for these credentials. */
  client(creds: Credentials, options?: Partial<WelinkOptions>): Welink;
  close(): Promise<void>;
}

export async function startServer(env: DialectEnv, overrides: Partial<Config> = {}): Promise<RunningServer> {
  const config = loadConfig(
    {},
    { databaseUrl: env.databaseUrl, dataDir: env.dataDir, pacing: 'off', logLevel: 'silent', authCacheMs: 0, webhookAllowPrivate: true, host: '127.0.0.1', port: 0, ...overrides },
  );
  const app = await createApp({ config, random: seededRandom(7), logger: createLogger(config.logLevel) });
  const { port } = await app.start();
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    url,
    async tenant(opts = {}) {
      const created = await createKey(app.store.db, { name: 'sdk-test', now: Date.now(), ...opts });
      if ('error' in created) throw new Error(created.error);
      return { workspaceId: created.workspaceId, apiKey: created.apiKey, apiSecret: created.apiSecret };
    },
    client: (creds, options = {}) => new Welink({ baseUrl: url, apiKey: creds.apiKey, apiSecret: creds.apiSecret, ...options }),
    close: () => app.close(),
  };
}
