import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** `n` (a non-negative integer) as exactly `width` base32 digits, most significant first. */
export function base32(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

let lastTime = 0;
let lastRandom: Buffer = Buffer.alloc(10);

/**
 * Prefixed, time-ordered ids (`req_01j...`): a 48-bit millisecond timestamp then 80 random bits,
 * monotonic within one process so ids sort in creation order.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  let rand: Buffer;
  if (now <= lastTime) {
    now = lastTime;
    rand = Buffer.from(lastRandom);
    for (let i = rand.length - 1; i >= 0; i--) {
      rand[i] = (rand[i] + 1) & 0xff;
      if (rand[i] !== 0) break;
    }
  } else {
    rand = randomBytes(10);
  }
  lastTime = now;
  lastRandom = rand;
  let out = base32(now, 10);
  let bits = 0;
  let acc = 0;
  for (const byte of rand) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return `${prefix}_${out}`;
}
