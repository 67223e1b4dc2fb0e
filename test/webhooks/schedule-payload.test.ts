import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../src/config/load.ts';
import { seededRandom } from '../../src/lib/random.ts';
import { buildMessage } from '../../src/webhooks/message.ts';
import { boundedPayload, MAX_PAYLOAD_BYTES } from '../../src/webhooks/payload.ts';
import { nextAttemptAt, RETRY_AFTER_MAX_MS, RETRY_AFTER_MIN_MS } from '../../src/webhooks/schedule.ts';
import { generateWebhookSecret, verifyWelinkHash } from '../../src/webhooks/signature.ts';

/** The schedule a server runs with when nothing is configured (read, never copied). */
const schedule = loadConfig({}).webhookRetrySchedule;

/** The schedule docs/webhooks.md promises: its "Delay after the previous one" row, in seconds. */
function documentedSchedule(): number[] {
  const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
  const row = doc.split('\n').find((l) => l.startsWith('| Delay after the previous one |'));
  assert.ok(row, 'docs/webhooks.md has the retry schedule table');
  const unit: Record<string, number> = { s: 1, min: 60, h: 3600 };
  return row
    .split('|')
    .slice(2, -1)
    .map((cell) => {
      const m = /^\s*(\d+) (s|min|h)\s*$/.exec(cell);
      assert.ok(m, `a delay like "5 min": ${JSON.stringify(cell)}`);
      return Number(m[1]) * unit[m[2]];
    });
}

it('the default retry schedule is the one docs/webhooks.md documents (0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)', () => {
  assert.deepEqual(schedule, documentedSchedule());
  assert.deepEqual(schedule, [0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
});

it('each scheduled delay gets at most ±20% jitter, a zero delay stays zero, and the schedule ends', () => {
  const random = seededRandom(1);
  const now = 1_000_000;
  for (let round = 0; round < 200; round++) {
    for (let made = 1; made < schedule.length; made++) {
      const at = nextAttemptAt(now, made, schedule, random)!;
      const base = schedule[made] * 1000;
      assert.ok(at - now >= base * 0.8 && at - now <= base * 1.2, `attempt ${made + 1}: ${at - now} ms vs ${base}`);
    }
  }
  assert.equal(nextAttemptAt(now, 0, [0, 1], random), now);
  assert.equal(nextAttemptAt(now, schedule.length, schedule, random), null);
  assert.equal(nextAttemptAt(now, 4, [0, 1, 1, 1], random), null);
});

it('Retry-After replaces the scheduled delay, clamped to [1 s, 24 h], and grants no extra attempt', () => {
  const random = seededRandom(2);
  assert.equal(nextAttemptAt(0, 1, schedule, random, 120_000), 120_000);
  assert.equal(nextAttemptAt(0, 1, schedule, random, 0), RETRY_AFTER_MIN_MS);
  assert.equal(nextAttemptAt(0, 1, schedule, random, 7 * 86400_000), RETRY_AFTER_MAX_MS);
  assert.equal(nextAttemptAt(0, schedule.length, schedule, random, 1000), null);
});

it('a payload within the bound is sent as stored; a larger result is replaced by a marker, keys in order', () => {
  const small = { event: 'CONNECTION_SENT', status: 'SUCCESS', requestId: 'req_1', result: { connected: true }, message: null };
  assert.deepEqual(boundedPayload(JSON.stringify(small)), small);

  const big = { event: 'PROFILE_DATA', status: 'SUCCESS', requestId: 'req_2', result: { about: 'x'.repeat(MAX_PAYLOAD_BYTES) }, message: null };
  const stored = JSON.stringify(big);
  const bounded = boundedPayload(stored);
  assert.deepEqual(Object.keys(bounded), ['event', 'status', 'requestId', 'result', 'message']);
  assert.deepEqual(bounded.result, {
    truncated: true,
    bytes: Buffer.byteLength(stored),
    message: 'The result is larger than 256 KiB; read it whole with get_response.',
  });
  assert.ok(Buffer.byteLength(JSON.stringify(bounded)) < 1024);

  const hugeMessage = { event: 'X', status: 'FAILED', requestId: 'req_3', message: 'y'.repeat(MAX_PAYLOAD_BYTES + 10) };
  assert.deepEqual(boundedPayload(JSON.stringify(hugeMessage)), { event: 'X', status: 'FAILED', requestId: 'req_3', truncated: true });
});

it('a built message verifies with standardwebhooks under each secret during an overlap, and with the We-Link hash under the current one', () => {
  const current = generateWebhookSecret();
  const previous = generateWebhookSecret();
  const now = Date.now();
  const msg = buildMessage('dlv_test', { status: 'SUCCESS', requestId: 'req_1', result: { ok: 'é' } }, { current, previous }, now);
  assert.equal(msg.headers['webhook-id'], 'dlv_test');
  assert.equal(msg.headers['webhook-timestamp'], String(Math.floor(now / 1000)));
  assert.deepEqual(new Webhook(current).verify(msg.body, msg.headers), JSON.parse(msg.body));
  assert.deepEqual(new Webhook(previous).verify(msg.body, msg.headers), JSON.parse(msg.body));
  assert.ok(verifyWelinkHash(msg.body, current));
  assert.ok(!verifyWelinkHash(msg.body, previous));
  assert.throws(() => new Webhook(generateWebhookSecret()).verify(msg.body, msg.headers));
});
