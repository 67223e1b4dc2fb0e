// Pieces several pages show: an account's hourly usage, its budgets and holds, a request's wait.
import { h } from './dom.js';
import { when } from './format.js';

export function shortId(id) {
  return id && id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

export function requestLink(id) {
  return h('a', { href: `/console/requests/${encodeURIComponent(id)}`, title: id, 'data-key': `request:${id}` }, h('code', {}, shortId(id)));
}

export function accountLink(id, label) {
  return h('a', { href: `/console/accounts/${encodeURIComponent(id)}`, title: id, 'data-key': `account:${id}` }, label ?? h('code', {}, shortId(id)));
}

/** "12 / 30 used", and when the next slot frees if none is free now. */
export function hourlyUsage(rateLimit) {
  if (!rateLimit) return h('span', { class: 'muted' }, '—');
  const used = rateLimit.limit - rateLimit.remaining;
  return h(
    'span',
    { class: 'usage' },
    h('span', {}, `${used} / ${rateLimit.limit}`),
    h('progress', { max: rateLimit.limit, value: used, 'aria-label': `${used} of ${rateLimit.limit} requests used in the last hour` }),
    rateLimit.nextSlotAt ? h('span', { class: 'muted small' }, 'next slot ', when(rateLimit.nextSlotAt, { short: true })) : null,
  );
}

/**
 * LinkedIn budgets, when the API reports them (an object by budget name, or a list). Shown as
 * "name used/limit"; anything of another shape is shown as it comes.
 */
export function budgets(value) {
  if (!value) return null;
  const entries = Array.isArray(value) ? value.map((b) => [b.name ?? b.budget ?? b.kind ?? '', b]) : Object.entries(value);
  if (entries.length === 0) return null;
  return h(
    'ul',
    { class: 'plain budgets' },
    entries.map(([name, b]) =>
      h(
        'li',
        {},
        h('span', { class: 'muted' }, `${name.replace(/_/g, ' ')} `),
        b && typeof b === 'object' && 'used' in b ? `${b.used} / ${b.limit ?? '∞'}` : JSON.stringify(b),
        b && b.resetsAt ? h('span', { class: 'muted small' }, ' resets ', when(b.resetsAt, { short: true })) : null,
      ),
    ),
  );
}

/** Account holds, when the API reports them: why the account may not act, and until when. */
export function holds(value) {
  if (!value || (Array.isArray(value) && value.length === 0)) return null;
  const list = Array.isArray(value) ? value : [value];
  return h(
    'ul',
    { class: 'plain holds' },
    list.map((x) => h('li', {}, h('strong', {}, x.code ?? x.reason ?? 'HOLD'), x.message ? ` ${x.message}` : '', x.until ? h('span', { class: 'muted small' }, ' until ', when(x.until, { short: true })) : null)),
  );
}

/** What a queued request waits for: code, explanation and end. */
export function waitingFor(w) {
  if (!w) return h('span', { class: 'muted' }, 'due');
  return h('span', { class: 'wait' }, h('strong', {}, w.code), w.message ? h('span', { class: 'muted small block' }, w.message) : null, w.until ? h('span', { class: 'muted small block' }, 'until ', when(w.until, { short: true })) : null);
}
