import { hash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { readSessionCookie } from '../console/cookies.ts';
import { fromOwnPages } from '../console/origin.ts';
import { csrfMatches, findSession } from '../console/sessions.ts';
import type { Clock } from '../lib/clock.ts';
import type { ApiKey, Database, Workspace } from '../store/tables.ts';
import { ApiError } from './errors.ts';
import type { Services } from './services.ts';

export interface AuthInfo {
  workspaceId: string;
  mode: 'sandbox' | 'live';
  apiKeyId: string;
  allowedActions: string[] | null;
  allowedIps: BlockList | null;
  /** Set when the caller is a signed-in console (session cookie) rather than the key's headers. */
  sessionId?: string;
}

/** What a key grants, from its row (and its workspace's mode). */
export function authInfoFromKey(row: Pick<ApiKey, 'id' | 'workspace_id' | 'allowed_actions' | 'allowed_ips'> & Pick<Workspace, 'mode'>): AuthInfo {
  return {
    workspaceId: row.workspace_id,
    mode: row.mode,
    apiKeyId: row.id,
    allowedActions: row.allowed_actions ? (JSON.parse(row.allowed_actions) as string[]) : null,
    allowedIps: row.allowed_ips ? toBlockList(JSON.parse(row.allowed_ips) as string[]) : null,
  };
}

const SESSION_ENDED = 'The console session has ended (expired, signed out, or its API key was revoked); sign in again.';

/**
 * Who calls an /api/v1 operation: the x-api-key / x-api-secret pair, or else a console session
 * (its HttpOnly cookie) together with the session's CSRF token in `x-csrf-token` and, when the
 * browser names one, an Origin of this server. Headers win: a call that sends either credential
 * header is judged on them alone.
 */
export async function authenticateRequest(req: FastifyRequest, services: Services): Promise<AuthInfo> {
  if (req.headers['x-api-key'] !== undefined || req.headers['x-api-secret'] !== undefined) {
    const key = header(req, 'x-api-key');
    const secret = header(req, 'x-api-secret');
    if (!key || !secret || key.length > 200 || secret.length > 200) throw new ApiError('UNAUTHORIZED');
    const auth = await services.authenticator.authenticate(key, secret);
    if (!auth) throw new ApiError('UNAUTHORIZED');
    return auth;
  }
  const token = readSessionCookie(req.headers.cookie);
  if (!token) throw new ApiError('UNAUTHORIZED');
  const session = await findSession(services.store.db, token, services.clock.now());
  if (!session) throw new ApiError('UNAUTHORIZED', SESSION_ENDED);
  if (!fromOwnPages(req, services.config.publicUrl) || !csrfMatches(services.sealer, token, req.headers['x-csrf-token'])) throw new ApiError('CSRF_REJECTED');
  return { ...authInfoFromKey(session.key), sessionId: session.sessionId };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  if (Array.isArray(v)) return undefined; // duplicated credential headers are ambiguous: refuse
  return typeof v === 'string' ? v : undefined;
}

/** A verified key: what it grants, and its secret's SHA-256 as bytes (never the secret itself). */
type Cached = { info: AuthInfo; secretDigest: Buffer; expires: number };

/**
 * Whether `secret` hashes to `digest`, compared in constant time. The stored hex hash is decoded
 * once per cached key, and the presented secret hashed in one call straight to bytes: no hash
 * object, hex string or buffer copies per API call (this runs on every one).
 */
function secretHashes(secret: string, digest: Buffer): boolean {
  return digest.length === 32 && timingSafeEqual(hash('sha256', secret, 'buffer'), digest);
}

/**
 * Verifies the x-api-key / x-api-secret pair. The key is looked up by its public value; the secret is
 * compared as a SHA-256 hash in constant time. Verified pairs are cached for `cacheMs` (a revocation
 * takes effect within that time); failures are never cached.
 */
export class Authenticator {
  private cache = new Map<string, Cached>();
  private reading = new Map<string, ReturnType<Authenticator['readKey']>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  async authenticate(apiKey: string, apiSecret: string): Promise<AuthInfo | null> {
    const now = this.clock.now();
    const hit = this.cache.get(apiKey);
    if (hit && hit.expires > now) return secretHashes(apiSecret, hit.secretDigest) ? hit.info : null;
    // When a cached pair expires under load, every call in flight would read the key again: they share one read.
    let read = this.reading.get(apiKey);
    if (!read) {
      const mine = this.readKey(apiKey).finally(() => {
        if (this.reading.get(apiKey) === mine) this.reading.delete(apiKey);
      });
      this.reading.set(apiKey, mine);
      read = mine;
    }
    const row = await read;
    if (!row || row.revoked_at !== null) {
      this.cache.delete(apiKey);
      return null;
    }
    const info = authInfoFromKey(row);
    const secretDigest = Buffer.from(row.secret_hash, 'hex');
    if (this.cacheMs > 0) {
      if (this.cache.size > 10000) this.cache.clear();
      this.cache.set(apiKey, { info, secretDigest, expires: now + this.cacheMs });
    }
    return secretHashes(apiSecret, secretDigest) ? info : null;
  }

  forget(apiKey: string): void {
    this.cache.delete(apiKey);
    // A read that started before the change must not answer the calls that come after it.
    this.reading.delete(apiKey);
  }

  private readKey(apiKey: string) {
    return this.db
      .selectFrom('api_keys')
      .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
      .select(['api_keys.id', 'api_keys.workspace_id', 'api_keys.secret_hash', 'api_keys.allowed_actions', 'api_keys.allowed_ips', 'api_keys.revoked_at', 'workspaces.mode'])
      .where('api_keys.api_key', '=', apiKey)
      .executeTakeFirst();
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
