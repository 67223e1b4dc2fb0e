import { Writable } from 'node:stream';
import { after, before, beforeEach } from 'node:test';
import { ManualClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createLiveProvider, type LiveProvider, type LiveProviderOptions } from '../../src/providers/live/provider.ts';
import type { AccountSecrets, RunContext } from '../../src/actions/run-context.ts';
import { FakeLinkedIn } from './fake-linkedin/server.ts';
import { ADA, seed } from './live-world.ts';

/**
 * The live provider on its own against the fake (no database): for the actions that have no API
 * declaration yet, and for the transport details. Its debug log is kept to check nothing secret leaks.
 */
export function harness(fake: FakeLinkedIn, opts: Partial<LiveProviderOptions> = {}) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // LinkedIn's clock and ours agree, as they do within seconds in production.
  const clock: ManualClock = fake.clock;
  const provider: LiveProvider = createLiveProvider({ baseUrl: fake.url, clock, logger: createLogger('debug', sink), timeoutMs: 2000, ...opts });
  let n = 0;
  const ctx = (o: { secrets?: AccountSecrets; requestId?: string; proxy?: Record<string, unknown> | null; profile?: Record<string, unknown> | null; premium?: boolean } = {}): RunContext & { saved: AccountSecrets } => {
    const saved: AccountSecrets = {};
    const cookies = o.secrets ? undefined : fake.state.login(ADA);
    return {
      account: { id: 'acc_test', workspaceId: 'ws_test', email: 'ada@example.com', premium: o.premium ?? false, profile: o.profile === undefined ? { profile_id: ADA } : o.profile, secrets: o.secrets ?? { cookies: cookies! }, proxy: o.proxy ?? null },
      requestId: o.requestId ?? `req_test_${++n}`,
      now: clock.now(),
      saveSecrets: async (patch) => void Object.assign(saved, patch),
      saved,
    };
  };
  return { provider, ctx, clock, logs: () => lines.join('') };
}

/**
 * One fake LinkedIn for a test file: started before its tests, closed after, reset to the seeded
 * world before each test. `use` receives it (assign it to the file's `fake`).
 */
export function seededFakePerTest(use: (fake: FakeLinkedIn) => void): void {
  let fake: FakeLinkedIn;
  before(async () => {
    fake = await FakeLinkedIn.start();
    use(fake);
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    seed(fake);
  });
}
