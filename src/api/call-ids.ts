import { randomBytes } from 'node:crypto';
import { base32 } from '../lib/ids.ts';

/**
 * Ids of HTTP calls (`rq_...`, the `x-request-id` header and the log line's `reqId`), shaped like
 * `newId`'s (a millisecond timestamp then 16 characters) without drawing random bytes per call: a
 * random part drawn once per process, then a counter. They only need to be unique, for tracing a
 * log line; nothing stores them or keys anything on them.
 */
export function callIdGenerator(now: () => number = Date.now): () => string {
  const bytes = randomBytes(4);
  const processPart = base32(bytes.readUInt32BE(0) % 32 ** 6, 6);
  let counter = 0;
  let lastMs = -1;
  let timePart = '';
  return () => {
    const ms = now();
    if (ms !== lastMs) {
      lastMs = ms;
      timePart = base32(ms, 10);
    }
    counter = (counter + 1) % 32 ** 10;
    return `rq_${timePart}${processPart}${base32(counter, 10)}`;
  };
}
