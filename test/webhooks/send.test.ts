import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/lib/clock.ts';
import { postWebhook, parseRetryAfter } from '../../src/webhooks/send.ts';
import { waitFor } from '../helpers/wait.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real receiver on 127.0.0.1 that records what reached it; closed at the end of the test. */
async function receiver(
  t: { after: (fn: () => void | Promise<void>) => void },
  handle: (req: IncomingMessage, res: ServerResponse) => void,
) {
  const received: Received[] = [];
  let connections = 0;
  let closed = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res);
    });
  });
  server.on('connection', (socket) => {
    connections++;
    socket.on('close', () => closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://127.0.0.1:${port}`, received, connections: () => connections, closed: () => closed };
}

const base = { headers: { 'webhook-id': 'msg_1' }, body: '{"status":"SUCCESS"}', timeoutMs: 2000, allowPrivate: true };

test('2xx is delivered, with the excerpt, our headers and the exact body', async (t) => {
  const r = await receiver(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('thanks ✓');
  });
  const body = '{"status":"SUCCESS","note":"héllo"}';
  const outcome = await postWebhook({ ...base, url: `${r.url}/hooks/in?x=1`, body });
  assert.equal(outcome.kind, 'delivered');
  assert.ok(outcome.kind === 'delivered');
  assert.equal(outcome.status, 200);
  assert.equal(outcome.excerpt, 'thanks ✓');
  assert.ok(Number.isInteger(outcome.durationMs) && outcome.durationMs >= 0, 'the duration is recorded');

  assert.equal(r.received.length, 1);
  const got = r.received[0];
  assert.equal(got.method, 'POST');
  assert.equal(got.url, '/hooks/in?x=1');
  assert.equal(got.body, body);
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.headers['content-length'], String(Buffer.byteLength(body)));
  assert.equal(got.headers['user-agent'], 'welink-webhooks/1');
  assert.equal(got.headers['webhook-id'], 'msg_1');
});

test('the excerpt stops at excerptBytes, even for an endless body, without cutting a character', async (t) => {
  const r = await receiver(t, (_req, res) => {
    res.writeHead(200);
    const chunk = 'é'.repeat(1000); // 2 bytes each: the limit falls inside a character
    const pump = () => {
      while (res.write(chunk)) {
        if (res.destroyed) return;
      }
      res.once('drain', pump);
    };
    res.on('error', () => {});
    pump();
  });
  const outcome = await postWebhook({ ...base, url: r.url, excerptBytes: 101 });
  assert.ok(outcome.kind === 'delivered', JSON.stringify(outcome));
  assert.equal(outcome.excerpt, 'é'.repeat(50));
  // It stopped reading by hanging up, not by waiting for an end that never comes.
  await waitFor('the client to close the endless response', () => r.closed() >= 1);

  const defaultSize = await postWebhook({ ...base, url: r.url });
  assert.ok(defaultSize.kind === 'delivered');
  assert.equal(defaultSize.excerpt, 'é'.repeat(256));
});

test('410 is a rejection marked gone', async (t) => {
  const r = await receiver(t, (_req, res) => {
    res.writeHead(410);
    res.end('endpoint removed');
  });
  const outcome = await postWebhook({ ...base, url: r.url });
  assert.ok(outcome.kind === 'rejected', JSON.stringify(outcome));
  assert.equal(outcome.status, 410);
  assert.equal(outcome.gone, true);
  assert.equal(outcome.excerpt, 'endpoint removed');
  assert.equal(outcome.retryAfterMs, undefined);
});

test('503 with Retry-After: 7 gives retryAfterMs 7000', async (t) => {
  const r = await receiver(t, (_req, res) => {
    res.writeHead(503, { 'retry-after': '7' });
    res.end('busy');
  });
  const outcome = await postWebhook({ ...base, url: r.url });
  assert.ok(outcome.kind === 'rejected');
  assert.equal(outcome.status, 503);
  assert.equal(outcome.gone, false);
  assert.equal(outcome.retryAfterMs, 7000);
});

test('Retry-After as an HTTP date is measured against the injected clock', async (t) => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const r = await receiver(t, (_req, res) => {
    res.writeHead(429, { 'retry-after': new Date(Date.UTC(2026, 0, 5, 9, 2, 0)).toUTCString() });
    res.end();
  });
  const outcome = await postWebhook({ ...base, url: r.url, clock });
  assert.ok(outcome.kind === 'rejected');
  assert.equal(outcome.status, 429);
  assert.equal(outcome.retryAfterMs, 120_000);
  assert.equal(outcome.excerpt, '');

  assert.equal(parseRetryAfter('garbage', 0), undefined);
  assert.equal(parseRetryAfter(' 0 ', 0), 0);
  assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT', 5000), 0);
});

test('a 302 is a rejection and is not followed', async (t) => {
  const r = await receiver(t, (req, res) => {
    if (req.url === '/moved') {
      res.writeHead(200);
      res.end('should not be reached');
      return;
    }
    res.writeHead(302, { location: '/moved' });
    res.end();
  });
  const outcome = await postWebhook({ ...base, url: `${r.url}/hook` });
  assert.ok(outcome.kind === 'rejected');
  assert.equal(outcome.status, 302);
  assert.equal(outcome.gone, false);
  assert.deepEqual(
    r.received.map((x) => x.url),
    ['/hook'],
  );
});

test('a server that never answers gives TIMEOUT, and the client hangs up', async (t) => {
  const r = await receiver(t, () => {
    /* never respond */
  });
  const outcome = await postWebhook({ ...base, url: r.url, timeoutMs: 200 });
  assert.equal(outcome.kind, 'error');
  assert.ok(outcome.kind === 'error');
  assert.equal(outcome.code, 'TIMEOUT');
  assert.equal(outcome.message, 'no response within 200 ms');
  // The client gave up and hung up; the receiver never answered.
  await waitFor('the client to close the connection', () => r.closed() === 1);
  assert.equal(r.received.length, 1);
});

test('a status followed by a stalled body is reported as delivered with the partial excerpt, and the client hangs up', async (t) => {
  const r = await receiver(t, (_req, res) => {
    res.writeHead(202);
    res.write('accepted, pro');
  });
  const outcome = await postWebhook({ ...base, url: r.url, timeoutMs: 200 });
  assert.ok(outcome.kind === 'delivered', JSON.stringify(outcome));
  assert.equal(outcome.status, 202);
  assert.equal(outcome.excerpt, 'accepted, pro');
  await waitFor('the client to close the stalled response', () => r.closed() === 1);
});

test('a closed port gives CONNECTION_FAILED', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const outcome = await postWebhook({ ...base, url: `http://127.0.0.1:${port}/hook` });
  assert.ok(outcome.kind === 'error');
  assert.equal(outcome.code, 'CONNECTION_FAILED');
  assert.match(outcome.message, /ECONNREFUSED/);
});

test('with allowPrivate false, a loopback target is refused before anything reaches it', async (t) => {
  const r = await receiver(t, (_req, res) => {
    res.writeHead(200);
    res.end();
  });
  // A literal IP is checked directly; a name goes through the guarded lookup at connect time.
  for (const url of [`${r.url}/hook`, `http://localhost:${r.port}/hook`, `http://[::ffff:127.0.0.1]:${r.port}/hook`]) {
    const outcome = await postWebhook({ ...base, url, allowPrivate: false });
    assert.ok(outcome.kind === 'error', url);
    assert.equal(outcome.code, 'WEBHOOK_URL_FORBIDDEN', url);
  }
  assert.equal(r.connections(), 0);
  assert.equal(r.received.length, 0);
});

test('an unusable URL gives WEBHOOK_URL_INVALID without throwing', async () => {
  for (const url of ['ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/', 'nonsense']) {
    const outcome = await postWebhook({ ...base, url });
    assert.ok(outcome.kind === 'error', url);
    assert.equal(outcome.code, 'WEBHOOK_URL_INVALID', url);
  }
});
