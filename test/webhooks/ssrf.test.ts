import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { checkWebhookUrl, guardedLookup, isForbiddenAddress } from '../../src/lib/ssrf.ts';

// Resolvers that must never be reached: literal IPs are checked without DNS.
const noDns = async (host: string): Promise<string[]> => {
  throw new Error(`unexpected DNS lookup of ${host}`);
};

test('forbidden addresses: loopback, private, link-local, metadata, reserved, IPv6 specials', () => {
  for (const ip of [
    '0.0.0.0', '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '100.64.0.1', '169.254.169.254', '192.0.0.170', '198.18.0.1', '224.0.0.1', '240.0.0.1', '255.255.255.255',
    '::', '::1', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.1.2.3',
    '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1',
    'not-an-ip', '',
  ]) {
    assert.equal(isForbiddenAddress(ip), true, ip);
  }
});

test('every IPv6 form that embeds or translates an IPv4 address is judged by that IPv4 address', () => {
  for (const ip of [
    '::ffff:0:127.0.0.1', '[::ffff:0:127.0.0.1]', '::ffff:0:a9fe:a9fe', // SIIT, RFC 6145
    '::ffff:7f00:1', '::ffff:192.168.0.1', // IPv4-mapped
    '::7f00:1', '::127.0.0.1', '::a00:1', '::169.254.169.254', // IPv4-compatible, deprecated
    '64:ff9b::7f00:1', '64:ff9b::10.0.0.1', // NAT64 well-known prefix, RFC 6052
    '64:ff9b:1::7f00:1', '64:ff9b:1::808:808', '64:ff9b:1:7f00:1::', // RFC 8215 local-use NAT64: position unknown, refused
    '2002:7f00:1::', '2002:a9fe:a9fe::1', '2002:c0a8:1::1', // 6to4
    '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo, client 127.0.0.1 (stored inverted)
    '2001:0:a00:1:8000:63bf:f7f7:f7f7', // Teredo, server 10.0.0.1
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo, client 192.0.2.45 (documentation range)
  ]) {
    assert.equal(isForbiddenAddress(ip), true, ip);
  }
  for (const ip of ['::ffff:0:808:808', '::808:808', '64:ff9b::1.1.1.1', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7']) {
    assert.equal(isForbiddenAddress(ip), false, ip);
  }
});

test('special and unassigned ranges are refused: only public unicast is allowed', () => {
  for (const ip of [
    '192.0.2.1', '198.51.100.7', '203.0.113.9', '192.88.99.1', // documentation, 6to4 relay anycast
    '100::1', '2001:db8::1', '2001:2::1', '2001:20::1', '5f00::1', '3fff::1', 'fec0::1', // discard, documentation, benchmarking, ORCHIDv2, SRv6, deprecated site-local
    '4000::1', '1::1', 'e000::1', // outside 2000::/3: unassigned
    '0x7f.1', '2130706433', '127.1', '1.2.3.4.5', '::1%eth0x', 'fe80::1%eth0', // not strict literals, or scoped
  ]) {
    assert.equal(isForbiddenAddress(ip), true, ip);
  }
});

test('public addresses are allowed', () => {
  for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::808:808']) {
    assert.equal(isForbiddenAddress(ip), false, ip);
  }
});

test('with allowPrivate false, loopback, private and metadata targets are refused', async () => {
  for (const url of [
    'http://127.0.0.1/hook',
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://2130706433/hook', // 127.0.0.1 written as one number: URL parsing normalizes it
    'http://[::ffff:0:127.0.0.1]/hook',
    'http://[64:ff9b:1::a9fe:a9fe]/hook',
    'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook',
  ]) {
    const r = await checkWebhookUrl(url, { allowPrivate: false, resolve: noDns });
    assert.equal(r.ok, false, url);
    assert.equal(!r.ok && r.code, 'WEBHOOK_URL_FORBIDDEN', url);
  }
});

test('a host name resolving to loopback is refused (system resolver, localhost)', async () => {
  const r = await checkWebhookUrl('http://localhost:3000/hook', { allowPrivate: false });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.code, 'WEBHOOK_URL_FORBIDDEN');
  assert.match(!r.ok ? r.message : '', /localhost resolves to/);
});

test('a host name resolving to loopback is refused (injected resolver), even if only one address is bad', async () => {
  const seen: string[] = [];
  const resolve = async (host: string) => {
    seen.push(host);
    return host === 'rebind.example' ? ['127.0.0.1'] : ['93.184.216.34', '10.0.0.7'];
  };
  assert.deepEqual(await checkWebhookUrl('https://rebind.example/hook', { allowPrivate: false, resolve }), {
    ok: false,
    code: 'WEBHOOK_URL_FORBIDDEN',
    message:
      'webhook host rebind.example resolves to a private, loopback, link-local or reserved address (127.0.0.1); ' +
      'a server started with WELINK_WEBHOOK_ALLOW_PRIVATE=true accepts it (local development only)',
  });
  const mixed = await checkWebhookUrl('https://mixed.example/hook', { allowPrivate: false, resolve });
  assert.equal(!mixed.ok && mixed.code, 'WEBHOOK_URL_FORBIDDEN');
  assert.deepEqual(seen, ['rebind.example', 'mixed.example']);
});

test('a public literal is allowed without any network access, and a public name through the resolver', async () => {
  assert.deepEqual(await checkWebhookUrl('https://93.184.216.34/hook', { allowPrivate: false, resolve: noDns }), { ok: true });
  const resolve = async () => ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'];
  assert.deepEqual(await checkWebhookUrl('https://hooks.example/x?y=1', { allowPrivate: false, resolve }), { ok: true });
});

test('a name that does not resolve is invalid, with a clear message', async () => {
  const resolve = async () => {
    throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
  };
  assert.deepEqual(await checkWebhookUrl('https://nowhere.example/hook', { allowPrivate: false, resolve }), {
    ok: false,
    code: 'WEBHOOK_URL_INVALID',
    message: 'webhook host nowhere.example does not resolve (ENOTFOUND)',
  });
  assert.deepEqual(await checkWebhookUrl('https://empty.example/', { allowPrivate: false, resolve: async () => [] }), {
    ok: false,
    code: 'WEBHOOK_URL_INVALID',
    message: 'webhook host empty.example does not resolve',
  });
  const hang = () => new Promise<string[]>(() => {});
  const slow = await checkWebhookUrl('https://slow.example/', { allowPrivate: false, resolve: hang, resolveTimeoutMs: 50 });
  assert.deepEqual(slow, { ok: false, code: 'WEBHOOK_URL_INVALID', message: 'webhook host slow.example did not resolve within 50 ms' });
});

test('syntax: only http(s), no userinfo, bounded length, a host', async () => {
  const cases: Array<[string, string]> = [
    ['ftp://93.184.216.34/hook', 'webhook URL must use http or https'],
    ['file:///etc/passwd', 'webhook URL must use http or https'],
    ['https://user:pass@93.184.216.34/hook', 'webhook URL must not contain a user name or password'],
    ['https://user@93.184.216.34/hook', 'webhook URL must not contain a user name or password'],
    ['not a url', 'webhook URL is not a valid absolute URL'],
    ['', 'webhook URL is empty'],
    [`https://93.184.216.34/${'a'.repeat(2048)}`, 'webhook URL is longer than 2048 characters'],
  ];
  for (const allowPrivate of [false, true]) {
    for (const [url, message] of cases) {
      assert.deepEqual(await checkWebhookUrl(url, { allowPrivate, resolve: noDns }), {
        ok: false,
        code: 'WEBHOOK_URL_INVALID',
        message,
      });
    }
  }
});

test('with allowPrivate true, loopback and private targets are allowed without DNS', async () => {
  for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://internal.example/hook']) {
    assert.deepEqual(await checkWebhookUrl(url, { allowPrivate: true, resolve: noDns }), { ok: true }, url);
  }
});

function callLookup(allowPrivate: boolean, host: string, all: boolean) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
    (resolve) => guardedLookup(allowPrivate)(host, { all }, (err, address, family) => resolve({ err, address, family })),
  );
}

test('guardedLookup fails a forbidden resolved address in both callback shapes', async () => {
  for (const all of [false, true]) {
    const { err } = await callLookup(false, 'localhost', all);
    assert.equal(err?.code, 'WEBHOOK_URL_FORBIDDEN', `all=${all}`);
    // Proxies use this lookup too: the message names the host and the address, never "webhook".
    assert.match(err?.message ?? '', /^localhost resolved to a private, loopback, link-local or reserved address \((127\.0\.0\.1|::1)\); welink does not connect there$/);
  }
});

test('guardedLookup with allowPrivate resolves normally in both callback shapes', async () => {
  const one = await callLookup(true, '127.0.0.1', false);
  assert.deepEqual(one, { err: null, address: '127.0.0.1', family: 4 });
  const many = await callLookup(true, '127.0.0.1', true);
  assert.equal(many.err, null);
  assert.deepEqual(many.address, [{ address: '127.0.0.1', family: 4 }]);
});
