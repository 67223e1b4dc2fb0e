import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { Sealer } from '../../src/lib/secrets.ts';
import { OpenedSecrets } from '../../src/webhooks/secrets.ts';

it('opened secrets are kept by their sealed text: a rotated secret is opened afresh, each opened once', () => {
  const sealer = new Sealer(randomBytes(32));
  let opened = 0;
  const counting = { open: (s: string) => (opened++, sealer.open(s)) };
  const secrets = new OpenedSecrets(counting, 2);
  const first = sealer.seal('whsec_first');
  const rotated = sealer.seal('whsec_rotated');
  assert.equal(secrets.open(first), 'whsec_first');
  assert.equal(secrets.open(first), 'whsec_first');
  assert.equal(opened, 1);
  assert.equal(secrets.open(rotated), 'whsec_rotated');
  assert.equal(opened, 2);
  // Bounded: a third secret pushes out the oldest, which is opened again when next used.
  secrets.open(sealer.seal('whsec_third'));
  assert.equal(secrets.open(first), 'whsec_first');
  assert.equal(opened, 4);
});
