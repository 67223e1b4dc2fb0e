import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { TestApp, Tenant } from '../helpers/app.ts';

/** A signed-in console: its cookie (name=value) and the CSRF token its pages carry. */
export interface ConsoleSession {
  cookie: string;
  csrf: string;
  setCookie: string;
}

/** Signs in through the console's form, as the browser does, and reads the CSRF token from the page. */
export async function signIn(t: TestApp, tenant: Pick<Tenant, 'apiKey' | 'apiSecret'>, headers: Record<string, string> = {}): Promise<ConsoleSession> {
  const res = await t.app.server.inject({
    method: 'POST',
    url: '/console/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ apiKey: tenant.apiKey, apiSecret: tenant.apiSecret }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0];
  const page = await t.app.server.inject({ method: 'GET', url: '/console/accounts', headers: { cookie } });
  const csrf = /<meta name="welink-csrf" content="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('the console page carries no CSRF token');
  return { cookie, csrf, setCookie };
}

/** An /api/v1 call as the console's scripts make it: the cookie, the CSRF header, JSON. */
export async function consoleCall(t: TestApp, s: ConsoleSession, operation: string, body: unknown = {}, headers: Record<string, string | undefined> = {}) {
  const all: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete all[k];
    else all[k] = v;
  }
  const res = await t.app.server.inject({ method: 'POST', url: `/api/v1/${operation}`, headers: all, payload: JSON.stringify(body) });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

export interface Received {
  headers: IncomingHttpHeaders;
  /** The body as sent (signatures cover these exact bytes). */
  raw: string;
  body: any;
}

/** A real HTTP webhook receiver on 127.0.0.1 that answers `status()` and keeps what it received. */
export async function receiver(status: () => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      // Only webhook POSTs are kept; a browser landing here (a redirect_url) just gets its page.
      if (req.method === 'POST') received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(status(), { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
  return { url, received, close: () => new Promise((r) => server.close(() => r())) };
}
