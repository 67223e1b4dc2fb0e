import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API secrets are 256-bit random tokens, so a fast hash is enough (no password stretching needed):
 * guessing the preimage of a SHA-256 of 32 random bytes is infeasible.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Hash of a request body, for Idempotency-Key comparison. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/**
 * AES-256-GCM sealing of LinkedIn passwords and cookies. Output: `v1.<iv>.<tag>.<ciphertext>`
 * (base64url); the version prefix leaves room for key rotation.
 */
export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('master key must be 32 bytes');
  }

  /** Keyed MAC (HMAC-SHA256 under a key derived from the master key), for values that must not be stored even hashed. */
  mac(value: string): string {
    const k = createHash('sha256').update(this.key).update('welink-mac-v1').digest();
    return createHmac('sha256', k).update(value, 'utf8').digest('base64url');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, data] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown sealed format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}
