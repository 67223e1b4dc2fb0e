import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { FakeLinkedIn } from '../helpers/fake-linkedin/server.ts';
import { harness } from '../helpers/live-harness.ts';
import { BOB, seed } from '../helpers/live-world.ts';

let fake: FakeLinkedIn;
before(async () => {
  fake = await FakeLinkedIn.start();
  seed(fake);
});
after(() => fake.close());

it('a proxy whose name resolves to loopback is refused with a message about the proxy, not a webhook', async () => {
  const { provider, ctx } = harness(fake);
  const refused = (await provider.run.get_profile_details(ctx({ proxy: { host: 'localhost', port: 9 } }), { profile_id: BOB })) as { ok: boolean; code: string; message: string };
  assert.equal(refused.ok, false);
  assert.equal(refused.code, 'PROXY_ERROR');
  assert.match(refused.message, /^The proxy is unreachable: localhost resolved to a private, loopback, link-local or reserved address \((127\.0\.0\.1|::1)\); welink does not connect there/);
  assert.doesNotMatch(refused.message, /webhook/i);
});
