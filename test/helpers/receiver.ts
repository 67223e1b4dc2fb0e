import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  /** Wall-clock arrival, for ordering only (tests never assert durations). */
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

/**
 * A real webhook receiver on 127.0.0.1 whose behaviour a test switches at will: `handle` answers
 * each request (default 200 "ok"); `down()` stops listening (connections refused) and `up()` listens
 * again on the same port.
 */
export class Receiver {
  readonly received: Received[] = [];
  handle: Handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  private server: Server | null = null;
  port = 0;

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    await r.up();
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/welink`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const got = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        this.received.push(got);
        this.handle(req, res, got);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** What arrived for one delivery (its `webhook-id`). */
  byId(id: string): Received[] {
    return this.received.filter((r) => r.headers['webhook-id'] === id);
  }
}

/**
 * Holds every request to a receiver unanswered until the test releases it, and counts the requests
 * in flight at once (arrived, not yet answered or dropped) and the most ever seen: a stalled
 * endpoint whose concurrency a test can check by counting, not by timing.
 */
export class Stall {
  inFlight = 0;
  most = 0;
  private readonly held: ServerResponse[] = [];

  constructor(private readonly receiver: Receiver) {
    receiver.handle = (_req, res) => {
      this.inFlight++;
      this.most = Math.max(this.most, this.inFlight);
      res.once('close', () => this.inFlight--);
      this.held.push(res);
    };
  }

  /** Answers 200 to the `n` oldest held requests. */
  release(n = Number.POSITIVE_INFINITY): void {
    for (const res of this.held.splice(0, n)) res.writeHead(200).end('ok');
  }

  /** Answers everything held and every later request at once. */
  open(): void {
    this.receiver.handle = (_req, res) => res.writeHead(200).end('ok');
    this.release();
  }
}
