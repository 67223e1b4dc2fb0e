import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** What the front does with one request: answer it itself, or pass it on and then cut the connection. */
export type Act = { status: number; headers?: Record<string, string>; body: unknown } | 'forward-then-drop';

/**
 * A real HTTP server on 127.0.0.1 in front of a welink server: it forwards every request as is
 * and records it, except those a test scripted (`when`), which it answers itself or forwards and
 * then drops (the server did the work, the client never hears back): the network faults an SDK
 * must survive, produced on a real socket.
 */
export class Front {
  readonly seen: Seen[] = [];
  private script: { path: string; act: Act }[] = [];
  private server: Server | null = null;
  url = '';

  constructor(private readonly target: string) {}

  static async start(target: string): Promise<Front> {
    const f = new Front(target);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        f.seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
        const i = f.script.findIndex((s) => s.path === path);
        const act = i >= 0 ? f.script.splice(i, 1)[0].act : null;
        if (act && act !== 'forward-then-drop') {
          res.writeHead(act.status, { 'content-type': 'application/json', ...act.headers }).end(JSON.stringify(act.body));
          return;
        }
        const headers = { ...req.headers };
        delete headers.host;
        const up = request(f.target + path, { method: req.method, headers }, (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            if (act === 'forward-then-drop') {
              req.socket.destroy();
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
          });
        });
        up.on('error', () => req.socket.destroy());
        up.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    f.server = server;
    f.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return f;
  }

  /** The next request to `path` gets `act` instead of being passed on as is. */
  when(path: string, act: Act): void {
    this.script.push({ path, act });
  }

  to(path: string): Seen[] {
    return this.seen.filter((s) => s.path === path);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
