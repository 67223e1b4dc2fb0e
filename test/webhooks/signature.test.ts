import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  generateWebhookSecret,
  serializeWithHash,
  standardSignature,
  verifyWelinkHash,
  welinkHash,
} from '../../src/webhooks/signature.ts';

const payload = {
  event_type: '/api/v1/connect',
  status: 'SUCCESS',
  requestId: 'req_01jabc',
  request_id: 'req_01jabc',
  accountId: 'acc_01jxyz',
  result: { connected: true, profile_id: 'ACoAAB', note: 'héllo "quoted" \u2028 ✓', n: 1.5, list: [1, null, 'x'] },
};

function headersFor(body: string, secrets: string[], msgId = 'msg_01jtest') {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignature({ msgId, timestamp, body, secrets }),
  };
}

test('generated secrets are whsec_ + base64 of 24 bytes, and differ', () => {
  const a = generateWebhookSecret();
  const b = generateWebhookSecret();
  assert.match(a, /^whsec_[A-Za-z0-9+/]{32}$/);
  assert.equal(Buffer.from(a.slice(6), 'base64').length, 24);
  assert.notEqual(a, b);
});

test('our Standard Webhooks headers verify with the official standardwebhooks library', () => {
  const secret = generateWebhookSecret();
  const body = serializeWithHash(payload, secret);
  const headers = headersFor(body, [secret]);
  assert.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/);
  const verified = new Webhook(secret).verify(body, headers);
  assert.deepEqual(verified, JSON.parse(body));
});

test('a tampered body or a wrong secret fails the official verification', () => {
  const secret = generateWebhookSecret();
  const body = serializeWithHash(payload, secret);
  const headers = headersFor(body, [secret]);
  assert.throws(() => new Webhook(secret).verify(body.replace('SUCCESS', 'SUCCESs'), headers));
  assert.throws(() => new Webhook(generateWebhookSecret()).verify(body, headers));
});

test('during a rotation overlap both secrets sign, and a receiver holding either one verifies', () => {
  const oldSecret = generateWebhookSecret();
  const newSecret = generateWebhookSecret();
  const body = serializeWithHash(payload, newSecret);
  const headers = headersFor(body, [oldSecret, newSecret]);
  const parts = headers['webhook-signature'].split(' ');
  assert.equal(parts.length, 2);
  assert.ok(parts.every((p) => p.startsWith('v1,')));
  assert.deepEqual(new Webhook(oldSecret).verify(body, headers), JSON.parse(body));
  assert.deepEqual(new Webhook(newSecret).verify(body, headers), JSON.parse(body));
  assert.throws(() => new Webhook(generateWebhookSecret()).verify(body, headers));
});

test('the We-Link hash verifies by the documented receiver recipe', () => {
  const secret = generateWebhookSecret();
  const body = serializeWithHash(payload, secret);

  // The recipe from We-Link's docs, written out as an integrator would.
  const data = JSON.parse(body);
  const received = data.hash;
  delete data.hash;
  const computed = createHmac('sha256', secret).update(JSON.stringify(data)).digest('hex');
  assert.equal(computed, received);
  assert.match(received, /^[0-9a-f]{64}$/);

  // hash is the last key and the hashed bytes are exactly the body's prefix.
  assert.deepEqual(Object.keys(data), Object.keys(payload));
  assert.equal(body, `${JSON.stringify(payload).slice(0, -1)},"hash":"${received}"}`);
  assert.equal(welinkHash(payload, secret), received);
  assert.equal(verifyWelinkHash(body, secret), true);
});

test('the We-Link hash fails when any byte changes, or with another secret', () => {
  const secret = generateWebhookSecret();
  const body = serializeWithHash(payload, secret);
  assert.equal(verifyWelinkHash(body.replace('"SUCCESS"', '"SUCCESs"'), secret), false);
  assert.equal(verifyWelinkHash(body.replace('1.5', '2.5'), secret), false);
  const hashAt = body.indexOf('"hash":"') + 8;
  const flipped = body.slice(0, hashAt) + (body[hashAt] === 'a' ? 'b' : 'a') + body.slice(hashAt + 1);
  assert.equal(verifyWelinkHash(flipped, secret), false);
  assert.equal(verifyWelinkHash(body, generateWebhookSecret()), false);
  assert.equal(verifyWelinkHash('not json', secret), false);
  assert.equal(verifyWelinkHash('{"status":"SUCCESS"}', secret), false);
  assert.equal(verifyWelinkHash('[1,2]', secret), false);
});

test('serializeWithHash handles an empty payload and replaces a stale hash key', () => {
  const secret = generateWebhookSecret();
  const empty = serializeWithHash({}, secret);
  assert.equal(empty, `{"hash":"${welinkHash({}, secret)}"}`);
  assert.equal(verifyWelinkHash(empty, secret), true);

  const stale = serializeWithHash({ hash: 'old', status: 'SUCCESS' }, secret);
  assert.equal(stale.match(/"hash"/g)?.length, 1);
  assert.deepEqual(Object.keys(JSON.parse(stale)), ['status', 'hash']);
  assert.equal(verifyWelinkHash(stale, secret), true);
});
