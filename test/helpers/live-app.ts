import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import type { Config } from '../../src/config/schema.ts';
import { testApp, type TestApp, type Tenant } from './app.ts';
import type { DialectEnv } from './dialects.ts';
import { FakeLinkedIn } from './fake-linkedin/server.ts';
import { seed } from './live-world.ts';

/** What a live test works with: the fake LinkedIn, the app that talks to it, and a live tenant. */
export interface LiveApp {
  t: TestApp;
  fake: FakeLinkedIn;
  /** A live workspace (reading it throws when the suite asked for `tenant: 'none'`; unset before the first test with `tenant: 'each'`). */
  tenant: Tenant;
}

export interface LiveAppOptions {
  /** Config over testApp's defaults; `linkedinBaseUrl` is always the fake's. */
  config?: Partial<Config>;
  /**
   * LinkedIn's clock: 'app' (default), the app's manual clock, so message and connection times agree
   * with the engine's; 'own', the fake's own manual clock, which the test moves on its own.
   */
  linkedinClock?: 'app' | 'own';
  /**
   * The seeded world (live-world.ts): 'each' (default) resets and seeds the fake before every test;
   * 'once' seeds it once for the suite; 'none' leaves both to the test.
   */
  world?: 'each' | 'once' | 'none';
  /** More of the world, run right after each seed (extra members, say). */
  seed?: (fake: FakeLinkedIn) => void;
  /** A live tenant made before every test ('each'), once for the suite ('once'), or none (default 'each'). */
  tenant?: 'each' | 'once' | 'none';
}

/** Starts a fake LinkedIn and an app on `env`'s database that talks to it; `close` ends both. */
export async function startLiveApp(env: DialectEnv, o: Pick<LiveAppOptions, 'config' | 'linkedinClock'> = {}): Promise<{ t: TestApp; fake: FakeLinkedIn; close(): Promise<void> }> {
  let t: TestApp | null = null;
  const fake = await FakeLinkedIn.start(o.linkedinClock === 'own' ? {} : { now: () => t!.clock.now() });
  t = await testApp(env, { linkedinBaseUrl: fake.url, ...o.config }).catch(async (err) => {
    await fake.close();
    throw err;
  });
  const app = t;
  return {
    t: app,
    fake,
    close: async () => {
      await app.close();
      await fake.close();
    },
  };
}

/**
 * Registers the hooks of a live suite: the fake and the app start before its tests and close after
 * them, the world is seeded and a live tenant made as asked. `use` receives the pieces each time one
 * changes (assign them to the file's variables: `(w) => ({ t, fake, tenant } = w)`). `env` is the
 * suite's database (forEachDialect), or 'sqlite' for a suite on one temporary SQLite file.
 * The answer makes more apps on the same database and fake, closed with the suite.
 */
export function liveApp(env: (() => DialectEnv) | 'sqlite', o: LiveAppOptions, use: (w: LiveApp) => void): { another(config: Partial<Config>): Promise<TestApp> } {
  const world = o.world ?? 'each';
  const tenantMode = o.tenant ?? 'each';
  let started: Awaited<ReturnType<typeof startLiveApp>> | null = null;
  let tenant: Tenant | null = null;
  let dataDir = '';
  const others: TestApp[] = [];
  const dialect = (): DialectEnv => {
    if (env !== 'sqlite') return env();
    dataDir ||= mkdtempSync(join(tmpdir(), 'welink-live-'));
    return { dialect: 'sqlite', databaseUrl: '', dataDir };
  };
  const give = () => {
    const { t, fake } = started!;
    use({
      t,
      fake,
      // Before the first test of a suite with a tenant per test, there is none yet.
      get tenant(): Tenant {
        if (tenantMode === 'none') throw new Error("this suite has no tenant (liveApp's tenant: 'none')");
        return tenant!;
      },
    });
  };
  const seeded = (fake: FakeLinkedIn) => {
    seed(fake);
    o.seed?.(fake);
  };

  before(async () => {
    started = await startLiveApp(dialect(), o);
    if (world === 'once') seeded(started.fake);
    if (tenantMode === 'once') tenant = await started.t.tenant({ mode: 'live' });
    give();
  });
  after(async () => {
    for (const other of others) await other.close();
    await started?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  if (world === 'each' || tenantMode === 'each') {
    beforeEach(async () => {
      const { t, fake } = started!;
      if (world === 'each') {
        fake.reset();
        seeded(fake);
      }
      if (tenantMode === 'each') tenant = await t.tenant({ mode: 'live' });
      give();
    });
  }
  return {
    async another(config) {
      const other = await testApp(dialect(), { linkedinBaseUrl: started!.fake.url, ...config });
      others.push(other);
      return other;
    },
  };
}
