import type { Random } from '../lib/random.ts';

export interface PacingOptions {
  enabled: boolean;
  minSeconds: number;
  maxSeconds: number;
  distribution: 'lognormal' | 'uniform';
}

export interface ActiveHours {
  /** "HH:MM", local to the account's time zone. */
  start: string;
  end: string;
  /** ISO weekdays 1 (Monday) .. 7 (Sunday); all days when absent. */
  days?: number[];
}

/**
 * The pause after an action, in ms. Lognormal by default: centred on the geometric mean of min and
 * max, most pauses short and a few long, as a person's are; always clamped to [min, max].
 */
export function drawDelayMs(opts: PacingOptions, random: Random): number {
  if (!opts.enabled || opts.maxSeconds <= 0) return 0;
  const min = opts.minSeconds;
  const max = opts.maxSeconds;
  if (min === max) return min * 1000;
  let seconds: number;
  if (opts.distribution === 'uniform') {
    seconds = min + random.next() * (max - min);
  } else {
    const lo = Math.log(Math.max(min, 1));
    const hi = Math.log(max);
    const mu = (lo + hi) / 2;
    const sigma = (hi - lo) / 4;
    // Box-Muller from two uniforms.
    const u1 = Math.max(random.next(), 1e-12);
    const u2 = random.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    seconds = Math.exp(mu + sigma * z);
  }
  return Math.round(Math.min(max, Math.max(min, seconds)) * 1000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(t: number, timeZone: string): { minutes: number; weekday: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The first instant at or after `t` that lies inside the account's active hours. */
export function nextActiveInstant(t: number, hours: ActiveHours | null, timeZone: string | null): number {
  if (!hours) return t;
  const tz = timeZone ?? 'UTC';
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  const inside = (x: number) => {
    const { minutes, weekday } = localParts(x, tz);
    if (hours.days && hours.days.length > 0 && !hours.days.includes(weekday)) return false;
    return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  };
  if (inside(t)) return t;
  // Walk forward a minute at a time (at most 8 days): simple, exact across DST changes.
  let x = Math.ceil(t / 60000) * 60000;
  for (let i = 0; i < 8 * 24 * 60; i++, x += 60000) {
    if (inside(x)) return x;
  }
  return t;
}
