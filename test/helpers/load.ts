import { randomUUID } from 'node:crypto';

/** Side-effecting actions the load mixes, with a body builder (distinct profile per request). */
const ACTIONS: [string, (accountId: string, n: number) => Record<string, unknown>][] = [
  ['connect', (accountId, n) => ({ accountId, profile_id: profileId(n) })],
  ['send_message_to_profile_id', (accountId, n) => ({ accountId, profile_id: profileId(n), message: `hello ${n}` })],
  ['visit_profile', (accountId, n) => ({ accountId, profile_id: profileId(n) })],
];

function profileId(n: number): string {
  return `ACoAA${n.toString(36).padStart(34, 'p')}`;
}

export interface LoadAnswer {
  status: number;
  body: any;
}

/**
 * Steady asynchronous load against whatever server `baseUrl()` names at each request: `workers`
 * concurrent loops posting side-effecting actions round-robin over the accounts. Keeps the ids of
 * acknowledged requests (a 2xx left the server: it must never be lost) and every answer's status.
 */
export class Load {
  readonly acknowledged = new Map<string, string>();
  readonly statuses = new Map<string, number>();
  readonly answers: LoadAnswer[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private n = 0;

  constructor(
    private readonly o: {
      baseUrl: () => string;
      headers: Record<string, string>;
      accounts: string[];
      workers: number;
      /** Pause after a failed connection, so a dead server is not hammered. */
      backoffMs?: number;
      /** Bound on the number of requests sent. */
      maxRequests?: number;
      onAnswer?: (a: LoadAnswer) => void;
    },
  ) {}

  start(): void {
    this.running = true;
    for (let i = 0; i < this.o.workers; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  get sent(): number {
    return this.n;
  }

  private count(key: string): void {
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  private async loop(): Promise<void> {
    while (this.running && this.n < (this.o.maxRequests ?? 20000)) {
      const n = this.n++;
      const [action, build] = ACTIONS[n % ACTIONS.length];
      const accountId = this.o.accounts[n % this.o.accounts.length];
      try {
        const res = await fetch(`${this.o.baseUrl()}/api/v1/${action}`, {
          method: 'POST',
          headers: { ...this.o.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(build(accountId, n)),
          signal: AbortSignal.timeout(15000),
        });
        const text = await res.text();
        let body: any = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text: the caller's assertions say what they expected
        }
        const answer = { status: res.status, body };
        this.answers.push(answer);
        this.o.onAnswer?.(answer);
        this.count(String(res.status));
        if (res.status >= 200 && res.status < 300) this.acknowledged.set(body.requestId, action);
        else await new Promise((r) => setTimeout(r, 20));
      } catch {
        this.count('connection failed');
        await new Promise((r) => setTimeout(r, this.o.backoffMs ?? 50));
      }
    }
  }
}
