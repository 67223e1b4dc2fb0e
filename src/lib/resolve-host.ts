import { promises as dns } from 'node:dns';

/** Resolves a host name to all its addresses. */
export type Resolve = (host: string) => Promise<string[]>;

const systemResolve: Resolve = async (host) => (await dns.lookup(host, { all: true })).map((a) => a.address);

/**
 * Every address a tenant-supplied host (webhook target, account proxy) resolves to, or why it does
 * not resolve. Bounded in time, since the system resolver has none of its own.
 */
export async function resolveHost(
  host: string,
  opts: { resolve?: Resolve; timeoutMs?: number },
): Promise<{ ok: true; addresses: string[] } | { ok: false; why: string }> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      (opts.resolve ?? systemResolve)(host),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), timeoutMs);
      }),
    ]);
    return addresses.length === 0 ? { ok: false, why: 'does not resolve' } : { ok: true, addresses };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, why: code === 'ETIMEOUT' ? `did not resolve within ${timeoutMs} ms` : `does not resolve${code ? ` (${code})` : ''}` };
  } finally {
    clearTimeout(timer);
  }
}
