import { h } from './dom.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 4 min" / "3 h ago", from now; rounded to the largest sensible unit. */
export function fromNow(iso) {
  const diff = (Date.parse(iso) - Date.now()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return relative.format(Math.round(diff), 'second');
  if (abs < 2700) return relative.format(Math.round(diff / 60), 'minute');
  if (abs < 129600) return relative.format(Math.round(diff / 3600), 'hour');
  return relative.format(Math.round(diff / 86400), 'day');
}

/** A <time> with the local date and time, and the relative time as its title. */
export function when(iso, { short = false } = {}) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return h('time', { datetime: iso, title: `${dateTime.format(d)} (${fromNow(iso)})` }, short && sameDay ? timeOnly.format(d) : dateTime.format(d));
}

const TONES = {
  ACTIVE: 'ok',
  SUCCESS: 'ok',
  DELIVERED: 'ok',
  CONNECTED: 'ok',
  QUEUED: 'info',
  RUNNING: 'info',
  PENDING: 'info',
  CONNECTING: 'info',
  PIN_REQUIRED: 'warn',
  PAUSED: 'warn',
  HELD: 'warn',
  CANCELLED: 'muted',
  DISCONNECTED: 'muted',
  FAILED: 'bad',
  LOGIN_FAILED: 'bad',
  DISABLED: 'bad',
};

/** A status as a coloured badge (the colour repeats the word, it never replaces it). */
export function badge(status) {
  return h('span', { class: `badge tone-${TONES[status] ?? 'muted'}` }, status);
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Pretty JSON for a <pre>. */
export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

export function ms(n) {
  return n === null || n === undefined ? '—' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
}
