import { createApp, type App, type AppOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { createKey } from '../../src/tenancy/keys.ts';
import type { DialectEnv } from './dialects.ts';

export interface TestApp {
  app: App;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
  /** A new workspace with a credential pair; headers ready for inject(). */
  tenant(opts?: { mode?: 'sandbox' | 'live'; allowedActions?: string[]; allowedIps?: string[] }): Promise<Tenant>;
}

export interface Tenant {
  workspaceId: string;
  apiKey: string;
  apiSecret: string;
  headers: Record<string, string>;
  /** POST /api/v1/<path> with this tenant's credentials. */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, any> }>;
  get(path: string): Promise<{ status: number; body: any; headers: Record<string, any> }>;
}

/**
 * An app on a fresh database with a manual clock; the engine is driven by the test (no background
 * loop). `providers` replaces a provider (a gated sandbox, say).
 */
export async function testApp(env: DialectEnv, overrides: Partial<Config> = {}, opts: { providers?: AppOptions['providers']; logger?: AppOptions['logger'] } = {}): Promise<TestApp> {
  const clock = new ManualClock();
  const config = loadConfig(
    {},
    { databaseUrl: env.databaseUrl, dataDir: env.dataDir, pacing: 'off', logLevel: 'silent', authCacheMs: 0, webhookAllowPrivate: true, ...overrides },
  );
  const app = await createApp({ config, clock, random: seededRandom(42), logger: opts.logger ?? createLogger(config.logLevel), providers: opts.providers });
  await app.server.ready();
  const inject = async (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await app.server.inject({
      method,
      url: path.startsWith('/') ? path : `/api/v1/${path}`,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // not JSON
    }
    return { status: res.statusCode, body: parsed as any, headers: res.headers as Record<string, any> };
  };
  return {
    app,
    clock,
    config,
    close: () => app.close(),
    async tenant(opts = {}) {
      const created = await createKey(app.store.db, { name: 'test', now: clock.now(), ...opts });
      if ('error' in created) throw new Error(created.error);
      const headers = { 'x-api-key': created.apiKey, 'x-api-secret': created.apiSecret };
      return {
        ...created,
        headers,
        post: (path, body = {}, extra = {}) => inject('POST', path, { ...headers, ...extra }, body),
        get: (path) => inject('GET', path, headers),
      };
    },
  };
}

/** Logs an account in through the sandbox and drives the engine until it is ACTIVE. */
export async function loggedInAccount(t: TestApp, tenant: Tenant, email = 'ada.lovelace@example.com'): Promise<string> {
  const ack = await tenant.post('login_v2', { email, password: 'secret-password' });
  if (ack.status !== 200) throw new Error(`login_v2 answered ${ack.status}: ${JSON.stringify(ack.body)}`);
  await t.app.engine.drain();
  return ack.body.accountId;
}
