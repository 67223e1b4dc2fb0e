import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { isIP } from 'node:net';
import { guardedLookup, isForbiddenAddress } from '../../lib/ssrf.ts';

/** An HTTP proxy for one account. SOCKS is refused with PROXY_ERROR (no SOCKS client in the dependencies). */
export interface ProxySettings {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  protocol?: string;
  /** We-Link's "internal proxy" by country: welink has no proxy pool, so this is refused. */
  location?: string;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  proxy?: ProxySettings | null;
  /** Allow a proxy on a loopback/private/link-local address (off by default: a tenant must not reach internal hosts). */
  allowPrivateProxy?: boolean;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Why a call got no answer. `proxy`: the proxy refused or is unusable (the account's configuration,
 * not worth retrying); `network`: the connection failed, timed out or was cut before the answer
 * (retry; a write may have happened, which is what the verify handlers are for).
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'proxy' | 'network',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MAX_BODY = 8 * 1024 * 1024;

/**
 * One HTTP exchange with LinkedIn: never follows redirects (a redirect is an answer: login page or
 * checkpoint), always bounded by a timeout, optionally through the account's HTTP proxy (CONNECT).
 */
export async function send(call: HttpCall): Promise<HttpReply> {
  const signal = AbortSignal.timeout(call.timeoutMs);
  const socket = call.proxy ? await tunnel(call.url, call.proxy, signal, call.allowPrivateProxy ?? false) : undefined;
  const mod = call.url.protocol === 'https:' ? https : http;
  return new Promise<HttpReply>((resolve, reject) => {
    const req = mod.request(
      call.url,
      {
        method: call.method,
        headers: { ...call.headers, ...(call.body !== undefined ? { 'content-length': String(Buffer.byteLength(call.body)) } : {}) },
        signal,
        ...(socket ? { createConnection: () => socket } : {}),
      },
      (res) => {
        // We ask for gzip, deflate and br (as a browser does, less zstd, which Node 20 cannot read): decode what came.
        const decoder = decoderFor(String(res.headers['content-encoding'] ?? ''));
        const stream = decoder ? res.pipe(decoder) : res;
        const chunks: Buffer[] = [];
        let size = 0;
        let received = 0;
        res.on('data', (c: Buffer) => void (received += c.length));
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) req.destroy(new Error('answer larger than 8 MiB'));
          else chunks.push(c);
        });
        stream.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        const cut = (err: Error) => reject(new TransportError(`LinkedIn's answer was cut: ${err.message}`, 'network', { cause: err }));
        res.on('error', cut);
        // An empty body labelled as compressed (a 201 with no content) is just empty.
        decoder?.on('error', (err) => (received === 0 ? resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' }) : cut(err)));
      },
    );
    req.on('error', (err) => {
      const timedOut = signal.aborted;
      reject(new TransportError(timedOut ? `LinkedIn did not answer within ${call.timeoutMs} ms` : `LinkedIn unreachable: ${err.message}`, 'network', { cause: err }));
    });
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** Opens a CONNECT tunnel through the proxy to the target host (TLS on top for https). */
async function tunnel(target: URL, proxy: ProxySettings, signal: AbortSignal, allowPrivate: boolean): Promise<Duplex> {
  if (!proxy.host || !proxy.port) {
    throw new TransportError(
      proxy.location ? 'welink has no internal proxy pool: give your own proxy as { host, port, username, password }.' : 'The proxy needs a host and a port.',
      'proxy',
    );
  }
  // The proxy address comes from the tenant: without this check it would reach internal hosts.
  if (!allowPrivate && isIP(proxy.host) && isForbiddenAddress(proxy.host)) {
    throw new TransportError('The proxy address is private, loopback or link-local; welink does not connect there.', 'proxy');
  }
  const protocol = (proxy.protocol ?? 'http').toLowerCase();
  if (protocol !== 'http') throw new TransportError(`${protocol} proxies are not supported; use an HTTP proxy (CONNECT).`, 'proxy');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const headers: Record<string, string> = { host: `${target.hostname}:${port}` };
  if (proxy.username) headers['proxy-authorization'] = `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`;
  const raw = await new Promise<Duplex>((resolve, reject) => {
    const req = http.request({ host: proxy.host, port: proxy.port, method: 'CONNECT', path: `${target.hostname}:${port}`, headers, signal, lookup: guardedLookup(allowPrivate) });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new TransportError(`The proxy refused the tunnel (HTTP ${res.statusCode}).`, 'proxy'));
    });
    req.on('error', (err) => reject(new TransportError(`The proxy is unreachable: ${err.message}`, 'proxy', { cause: err })));
    req.end();
  });
  if (target.protocol !== 'https:') return raw;
  return tls.connect({ socket: raw as any, servername: target.hostname });
}

/** `name=value` pairs of the Set-Cookie headers (attributes dropped). */
export function setCookies(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of headers['set-cookie'] ?? []) {
    const pair = line.split(';', 1)[0];
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}
