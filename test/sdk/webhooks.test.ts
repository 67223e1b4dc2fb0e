import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.ts';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { unwrap, verifyWebhook, WebhookVerificationError, type WebhookEvent } from '@welink/sdk';
import { forEachDialect } from '../helpers/dialects.ts';
import { Receiver, type Received } from '../helpers/receiver.ts';
import { startServer, type RunningServer } from './server.ts';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WebhookVerificationError, String(err));
    return err.code;
  }
  assert.fail('expected verifyWebhook to throw');
}

/** A receiver that verifies with the SDK: 204 when genuine, 400 with the refusal code otherwise. */
function verifyingReceiver(receiver: Receiver, secret: () => string): { verified: { received: Received; event: WebhookEvent }[]; refused: string[] } {
  const verified: { received: Received; event: WebhookEvent }[] = [];
  const refused: string[] = [];
  receiver.handle = (_req, res, received) => {
    try {
      verified.push({ received, event: verifyWebhook(received.body, received.headers, secret()) });
      res.writeHead(204).end();
    } catch (err) {
      refused.push(err instanceof WebhookVerificationError ? err.code : 'ERROR');
      res.writeHead(400, { 'content-type': 'text/plain' }).end('forged');
    }
  };
  return { verified, refused };
}

forEachDialect('sdk: verifyWebhook on deliveries to a real receiver', (env) => {
  let server: RunningServer;
  let receiver: Receiver;
  before(async () => {
    server = await startServer(env());
    receiver = await Receiver.start();
  });
  after(async () => {
    await receiver.down();
    await server.close();
  });

  it('verifies real deliveries by their headers and by their in-body hash; refuses forgeries', async () => {
    const welink = server.client(await server.tenant());
    const hook = await welink.create_webhook({ url: receiver.url });
    const secret = String(hook.secret);
    const { verified, refused } = verifyingReceiver(receiver, () => secret);

    const login = await welink.login_v2({ email: 'ada.lovelace@example.com', password: 'x' });
    const accountId = login.accountId;
    unwrap(await welink.waitFor(login));
    const ack = await welink.connect({ accountId, profile_id: 'ACoAAmy-webhook-1' });
    const delivered = await waitFor('the CONNECTION_SENT delivery', () => verified.find((v) => v.event.event === 'CONNECTION_SENT'), 30_000);
    const { event, received } = delivered;
    assert.ok(event.event === 'CONNECTION_SENT');
    assert.equal(event.requestId, ack.requestId);
    assert.ok('profile_id' in event.result, 'the result is whole (not the truncation marker)');
    assert.equal(event.result.profile_id, 'ACoAAmy-webhook-1');
    assert.deepEqual(refused, []);

    // The same delivery verified by We-Link's in-body hash alone (no headers), as a We-Link integration would.
    assert.deepEqual(verifyWebhook(received.body, {}, secret), event);
    // Bytes, a fetch Headers object, several secrets during a rotation: all fine.
    assert.deepEqual(verifyWebhook(Buffer.from(received.body), new Headers(received.headers as Record<string, string>), ['whsec_b3RoZXIgc2VjcmV0', secret]), event);

    // Forgeries: another body under the genuine signature, another secret, a stale timestamp.
    const forged = received.body.replace('ACoAAmy-webhook-1', 'ACoAAmy-webhook-2');
    assert.equal(refusal(() => verifyWebhook(forged, received.headers, secret)), 'INVALID_SIGNATURE');
    assert.equal(refusal(() => verifyWebhook(forged, {}, secret)), 'INVALID_SIGNATURE');
    assert.equal(refusal(() => verifyWebhook(received.body, received.headers, 'whsec_b3RoZXIgc2VjcmV0')), 'INVALID_SIGNATURE');
    assert.equal(refusal(() => verifyWebhook(received.body, {}, 'whsec_b3RoZXIgc2VjcmV0')), 'INVALID_SIGNATURE');
    assert.equal(refusal(() => verifyWebhook(received.body, received.headers, secret, { now: Date.now() + 10 * 60_000 })), 'TIMESTAMP_OUT_OF_TOLERANCE');

    // A forged POST to the real receiver is refused there.
    const res = await fetch(receiver.url, { method: 'POST', headers: { ...(received.headers as Record<string, string>), 'content-length': String(Buffer.byteLength(forged)) }, body: forged });
    assert.equal(res.status, 400);
    assert.deepEqual(refused, ['INVALID_SIGNATURE']);

    // welink's own log shows the genuine delivery acknowledged by the receiver (once the dispatcher
    // has recorded the attempt the receiver already answered).
    await waitFor('the delivery is DELIVERED in the log', async () => {
      const log = await welink.list_webhook_deliveries({ request_id: ack.requestId });
      return (log.deliveries as { status: string }[])[0]?.status === 'DELIVERED';
    });
  });
});

describe('sdk: verifyWebhook against independent signers', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = JSON.stringify({ event: 'WEBHOOK_TEST', event_type: '/api/v1/test_webhook', status: 'SUCCESS', accountId: null, requestId: null, request_id: null });

  it('accepts a signature made by the official standardwebhooks library', () => {
    const now = new Date();
    const signature = new Webhook(secret).sign('msg_1', now, body);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature };
    assert.equal(verifyWebhook(body, headers, secret).event, 'WEBHOOK_TEST');
    // Standard Webhooks ids and timestamps are signed too.
    assert.equal(refusal(() => verifyWebhook(body, { ...headers, 'webhook-id': 'msg_2' }, secret)), 'INVALID_SIGNATURE');
  });

  it('says what is missing or malformed', () => {
    assert.equal(refusal(() => verifyWebhook(body, {}, secret)), 'MISSING_SIGNATURE');
    assert.equal(refusal(() => verifyWebhook(body, { 'webhook-id': 'msg_1' }, secret)), 'INVALID_HEADERS');
    assert.equal(refusal(() => verifyWebhook(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': 'yesterday', 'webhook-signature': 'v1,abc' }, secret)), 'INVALID_HEADERS');
    assert.equal(refusal(() => verifyWebhook('not json', {}, secret)), 'INVALID_BODY');
    assert.equal(refusal(() => verifyWebhook('[1,2]', {}, secret)), 'INVALID_BODY');
    assert.equal(refusal(() => verifyWebhook(body, {}, '')), 'INVALID_SECRET');
    const hashless = JSON.stringify({ ...JSON.parse(body), hash: 'not-a-hash' });
    assert.equal(refusal(() => verifyWebhook(hashless, {}, secret)), 'INVALID_SIGNATURE');
  });
});
