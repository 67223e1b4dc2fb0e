import { BlockList, isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Clock } from '../lib/clock.ts';
import { secretMatches } from '../lib/secrets.ts';
import type { Database } from '../store/tables.ts';

export interface AuthInfo {
  workspaceId: string;
  mode: 'sandbox' | 'live';
  apiKeyId: string;
  allowedActions: string[] | null;
  allowedIps: BlockList | null;
}

type Cached = { info: AuthInfo; secretHash: string; expires: number };

/**
 * Verifies the x-api-key / x-api-secret pair. The key is looked up by its public value; the secret is
 * compared as a SHA-256 hash in constant time. Verified pairs are cached for `cacheMs` (a revocation
 * takes effect within that time); failures are never cached.
 */
export class Authenticator {
  private cache = new Map<string, Cached>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  async authenticate(apiKey: string, apiSecret: string): Promise<AuthInfo | null> {
    const now = this.clock.now();
    const hit = this.cache.get(apiKey);
    if (hit && hit.expires > now) return secretMatches(apiSecret, hit.secretHash) ? hit.info : null;
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
      .select(['api_keys.id', 'api_keys.workspace_id', 'api_keys.secret_hash', 'api_keys.allowed_actions', 'api_keys.allowed_ips', 'api_keys.revoked_at', 'workspaces.mode'])
      .where('api_keys.api_key', '=', apiKey)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) {
      this.cache.delete(apiKey);
      return null;
    }
    const info: AuthInfo = {
      workspaceId: row.workspace_id,
      mode: row.mode,
      apiKeyId: row.id,
      allowedActions: row.allowed_actions ? (JSON.parse(row.allowed_actions) as string[]) : null,
      allowedIps: row.allowed_ips ? toBlockList(JSON.parse(row.allowed_ips) as string[]) : null,
    };
    if (this.cacheMs > 0) {
      if (this.cache.size > 10000) this.cache.clear();
      this.cache.set(apiKey, { info, secretHash: row.secret_hash, expires: now + this.cacheMs });
    }
    return secretMatches(apiSecret, row.secret_hash) ? info : null;
  }

  forget(apiKey: string): void {
    this.cache.delete(apiKey);
  }
}

/** IPs and CIDRs (v4 and v6) as a BlockList used as an allow-list. */
export function toBlockList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits !== undefined) list.addSubnet(addr, Number(bits), family);
    else list.addAddress(addr, family);
  }
  return list;
}

export function ipAllowed(list: BlockList, ip: string): boolean {
  const mapped = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(mapped) === 6 ? 'ipv6' : 'ipv4';
  return list.check(mapped, family);
}

export function validIpOrCidr(e: string): boolean {
  const [addr, bits, extra] = e.split('/');
  if (extra !== undefined) return false;
  const v = isIP(addr);
  if (v === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d+$/.test(bits)) return false;
  return Number(bits) <= (v === 4 ? 32 : 128);
}
