import { call, get } from '../lib/api.js';
import { confirmDialog, errorNote, fill, h, toast } from '../lib/dom.js';
import { badge, json, ms, when } from '../lib/format.js';
import { accountLink, waitingFor } from '../lib/parts.js';

const UNFINISHED = ['QUEUED', 'RUNNING', 'PIN_REQUIRED'];

/** One request: its state, input and result, and its timeline down to each webhook attempt. */
export const requestPage = {
  title: 'Request',
  async mount(ctx) {
    const id = ctx.params[0];
    const head = h('div');
    const facts = h('div');
    const actions = h('div', { class: 'actions' });
    const outcome = h('div');
    const timeline = h('div', { class: 'region' });
    ctx.main.append(
      h('p', {}, h('a', { href: '/console/requests' }, '← Requests')),
      head,
      facts,
      actions,
      h('section', { 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, 'Timeline'), timeline),
      outcome,
    );
    // Names for ids, read once: the account's email, the endpoints' URLs.
    const names = { emails: new Map(), urls: new Map() };
    await Promise.all([
      call('get_all_ln_accounts', {}).then((r) => r.forEach((a) => names.emails.set(a.accountId, a.email)), () => {}),
      call('list_webhooks', {}).then((r) => r.webhooks.forEach((w) => names.urls.set(w.webhookId, w.url)), () => {}),
    ]);
    let unfinished = true;
    let drawnOutcome = '';
    const load = async () => {
      let r;
      let t;
      try {
        [r, t] = await Promise.all([get(`requests/${encodeURIComponent(id)}`), call('get_request_timeline', { request_id: id })]);
      } catch (err) {
        fill(head, h('h1', {}, 'Request'), errorNote(err));
        return;
      }
      if (!ctx.alive()) return;
      unfinished = UNFINISHED.includes(r.state) || t.timeline.some((e) => e.kind === 'WEBHOOK_SCHEDULED');
      fill(head, h('div', { class: 'title-row' }, h('h1', {}, r.action), badge(r.state)), h('p', { class: 'muted' }, h('code', {}, r.id)));
      fill(
        facts,
        h(
          'dl',
          { class: 'facts' },
          fact('Account', accountLink(r.accountId, names.emails.get(r.accountId))),
          fact('Accepted', when(r.acceptedAt)),
          fact('Started', when(r.startedAt)),
          fact('Finished', when(r.finishedAt)),
          fact('Attempts', String(r.attempts)),
          r.queuePosition ? fact('Queue position', String(r.queuePosition)) : null,
          r.waitingFor ? fact('Waiting for', waitingFor(r.waitingFor)) : null,
          r.error ? fact('Failure', h('span', {}, h('strong', {}, r.error.code), ' ', r.error.message ?? '')) : null,
        ),
      );
      if (r.state === 'QUEUED') {
        const cancel = h('button', { type: 'button', class: 'danger', 'data-key': 'cancel' }, 'Cancel request');
        cancel.addEventListener('click', async () => {
          if (!(await confirmDialog('Cancel this request?', 'It will not run. Its webhook reports REQUEST_CANCELLED.', 'Cancel request', { danger: true }))) return;
          try {
            await call('cancel_request', { request_id: id });
            toast('Request cancelled.');
            await load();
          } catch (err) {
            fill(actions, errorNote(err));
          }
        });
        fill(actions, cancel);
      } else fill(actions);
      fill(timeline, h('ol', { class: 'timeline' }, t.timeline.map((e) => entry(e, names.urls))));
      // Input and result change only once; redrawing them would collapse what the reader opened.
      const key = `${r.state}:${r.finishedAt}`;
      if (key !== drawnOutcome) {
        drawnOutcome = key;
        fill(
          outcome,
          r.result !== null && r.result !== undefined ? h('section', { 'aria-labelledby': 'result-h' }, h('h2', { id: 'result-h' }, 'Result'), json(r.result)) : null,
          h('section', { 'aria-labelledby': 'input-h' }, h('h2', { id: 'input-h' }, 'Input'), json(r.input)),
        );
      }
    };
    await load();
    let ticks = 0;
    // Every 2 s while something is still to happen, every 10 s after.
    ctx.every(2000, async () => {
      ticks++;
      if (unfinished || ticks % 5 === 0) await load();
    });
  },
};

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

const LABELS = {
  ACCEPTED: () => 'Accepted',
  STARTED: (e) => `Started${e.attempts > 1 ? ` (attempt ${e.attempts})` : ''}`,
  FINISHED: (e) => `Finished: ${e.state}${e.code ? ` (${e.code})` : ''}`,
  EVENT: (e) => `Event ${e.eventType} (#${e.seq})`,
  WEBHOOK_ATTEMPT: (e, urls) => `Webhook ${e.eventType} → ${urls.get(e.webhookId) ?? e.webhookId}: ${e.statusCode ?? 'no answer'} in ${ms(e.durationMs)} (${e.outcome})`,
  WEBHOOK_SCHEDULED: (e, urls) => `Webhook ${e.eventType} → ${urls.get(e.webhookId) ?? e.webhookId}: next attempt`,
};

function entry(e, urls) {
  const tone = e.kind === 'WEBHOOK_ATTEMPT' ? (e.outcome === 'DELIVERED' ? 'ok' : 'bad') : e.kind === 'FINISHED' ? (e.state === 'SUCCESS' ? 'ok' : e.state === 'FAILED' ? 'bad' : 'muted') : 'info';
  return h('li', { class: `tl tl-${tone}` }, when(e.at, { short: true }), ' ', h('span', {}, (LABELS[e.kind] ?? (() => e.kind))(e, urls)));
}
