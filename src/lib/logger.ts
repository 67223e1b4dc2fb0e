import pino, { type Logger } from 'pino';

/** Paths redacted from every log line: credentials must never reach logs. */
export const REDACT = [
  'req.headers["x-api-secret"]',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.secrets',
  '*.cookies',
  '*.apiSecret',
  '*.li_at',
  '*.JSESSIONID',
  '*.pendingPin',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'welink' } }, destination);
}
