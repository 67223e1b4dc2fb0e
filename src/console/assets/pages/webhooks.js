import { call } from '../lib/api.js';
import { confirmDialog, errorNote, field, fill, h, secretBox, table, toast } from '../lib/dom.js';
import { badge, ms, when } from '../lib/format.js';
import { requestLink, shortId } from '../lib/parts.js';

/** Endpoints (create, disable, rotate, test, delete) and recent deliveries (status, timing, replay). */
export const webhooksPage = {
  title: 'Webhooks',
  async mount(ctx) {
    const shown = h('div');
    const endpoints = h('div', { class: 'region' });
    const deliveries = h('div', { class: 'region' });
    const deliveryNote = h('div');
    const filter = h('select', { name: 'status' }, h('option', { value: '' }, 'All'), ['FAILED', 'PENDING', 'DELIVERED'].map((s) => h('option', { value: s }, s)));
    const replayAll = h('button', { type: 'button', class: 'secondary' }, 'Replay all failed');

    const url = h('input', { type: 'url', name: 'url', required: true, maxlength: 2048, placeholder: 'https://crm.example.com/hooks/welink', spellcheck: 'false' });
    const events = h('input', { type: 'text', name: 'events', placeholder: 'every event', spellcheck: 'false' });
    const description = h('input', { type: 'text', name: 'description', maxlength: 500 });
    const createNote = h('div');
    const create = h(
      'form',
      { class: 'stack narrow' },
      field('Endpoint URL', url),
      field('Event types', events, 'Comma-separated (e.g. CONNECTION_SENT, MESSAGE_SENT). Empty: every event.'),
      field('Description', description),
      h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Add endpoint')),
      createNote,
    );
    create.addEventListener('submit', async (e) => {
      e.preventDefault();
      const list = events.value.split(',').map((s) => s.trim()).filter(Boolean);
      try {
        const made = await call('create_webhook', { url: url.value.trim(), ...(list.length ? { events: list } : {}), ...(description.value.trim() ? { description: description.value.trim() } : {}) });
        fill(createNote);
        create.reset();
        fill(shown, secretBox(`Signing secret of ${made.url}`, [['Secret', made.secret]]));
        shown.querySelector('section')?.focus();
        await load();
      } catch (err) {
        fill(createNote, errorNote(err));
      }
    });

    ctx.main.append(
      h('h1', {}, 'Webhooks'),
      shown,
      h('section', { 'aria-labelledby': 'endpoints-h' }, h('h2', { id: 'endpoints-h' }, 'Endpoints'), endpoints),
      h('details', { class: 'panel' }, h('summary', {}, 'Add an endpoint'), create),
      h(
        'section',
        { 'aria-labelledby': 'deliveries-h' },
        h('div', { class: 'page-head' }, h('h2', { id: 'deliveries-h' }, 'Recent deliveries'), h('div', { class: 'actions' }, field('Show', filter), replayAll)),
        deliveryNote,
        deliveries,
      ),
    );

    const act = async (fn, done) => {
      try {
        const out = await fn();
        if (done) toast(done);
        await load();
        return out;
      } catch (err) {
        fill(deliveryNote, errorNote(err));
      }
    };

    const endpointActions = (w) => {
      const test = h('button', { type: 'button', class: 'secondary small', 'data-key': `test:${w.webhookId}` }, 'Send test');
      test.addEventListener('click', () => act(() => call('test_webhook', { webhookId: w.webhookId }), 'Test event queued.'));
      const rotate = h('button', { type: 'button', class: 'secondary small', 'data-key': `rotate:${w.webhookId}` }, 'Rotate secret');
      rotate.addEventListener('click', async () => {
        if (!(await confirmDialog('Rotate the signing secret?', 'A new secret signs from now on; the old one keeps signing alongside it for 24 hours so your receiver can switch.', 'Rotate'))) return;
        const out = await act(() => call('rotate_webhook_secret', { webhookId: w.webhookId }));
        if (out) {
          fill(shown, secretBox(`New signing secret of ${w.url}`, [['Secret', out.secret]]));
          shown.querySelector('section')?.focus();
        }
      });
      const toggle = h('button', { type: 'button', class: 'secondary small', 'data-key': `toggle:${w.webhookId}` }, w.enabled ? 'Disable' : 'Enable');
      toggle.addEventListener('click', () => act(() => call('update_webhook', { webhookId: w.webhookId, enabled: !w.enabled }), w.enabled ? 'Endpoint disabled.' : 'Endpoint enabled.'));
      const del = h('button', { type: 'button', class: 'danger small', 'data-key': `delete:${w.webhookId}` }, 'Delete');
      del.addEventListener('click', async () => {
        if (!(await confirmDialog('Delete this endpoint?', `${w.url} stops receiving at once; its pending deliveries fail. The delivery log is kept.`, 'Delete', { danger: true }))) return;
        act(() => call('delete_webhook', { webhookId: w.webhookId }), 'Endpoint deleted.');
      });
      return h('div', { class: 'actions' }, test, rotate, toggle, del);
    };

    const replay = (d) => {
      if (d.status === 'PENDING') return null;
      const b = h('button', { type: 'button', class: 'secondary small', 'data-key': `replay:${d.deliveryId}`, 'aria-label': `Replay delivery ${d.deliveryId}` }, 'Replay');
      b.addEventListener('click', () => act(() => call('replay_webhook_delivery', { deliveryId: d.deliveryId }), 'Delivery queued again.'));
      return b;
    };

    replayAll.addEventListener('click', async () => {
      if (!(await confirmDialog('Replay every failed delivery?', 'Each failed delivery is queued again under its own webhook-id (receivers can deduplicate on it).', 'Replay all'))) return;
      const out = await act(() => call('replay_failed_webhook_deliveries', { from: '1970-01-01T00:00:00Z', to: '2999-12-31T23:59:59Z' }));
      if (out) toast(`${out.replayed} deliver${out.replayed === 1 ? 'y' : 'ies'} queued again.`);
    });
    filter.addEventListener('change', () => load());

    const load = async () => {
      try {
        const [w, d] = await Promise.all([call('list_webhooks', {}), call('list_webhook_deliveries', { limit: 50, ...(filter.value ? { status: filter.value } : {}) })]);
        if (!ctx.alive()) return;
        const urls = new Map(w.webhooks.map((x) => [x.webhookId, x.url]));
        fill(
          endpoints,
          table(
            [
              { label: 'URL', cell: (x) => h('span', {}, h('code', { class: 'wrap' }, x.url), x.description ? h('span', { class: 'muted small block' }, x.description) : null) },
              { label: 'Events', cell: (x) => (x.events ? x.events.join(', ') : h('span', { class: 'muted' }, 'every event')) },
              {
                label: 'State',
                cell: (x) =>
                  h(
                    'span',
                    {},
                    badge(x.enabled ? 'ACTIVE' : 'DISABLED'),
                    x.disabledReason ? h('span', { class: 'muted small block' }, x.disabledReason) : null,
                    x.failingSince ? h('span', { class: 'small block tone-bad-text' }, 'failing since ', when(x.failingSince, { short: true })) : null,
                  ),
              },
              { label: 'Actions', cell: endpointActions },
            ],
            w.webhooks,
            { empty: 'No endpoints yet: add one below to receive events.', caption: 'Endpoints' },
          ),
        );
        fill(
          deliveries,
          table(
            [
              { label: 'Created', cell: (x) => when(x.createdAt, { short: true }) },
              { label: 'Event', cell: (x) => h('span', {}, x.eventType, x.requestId ? h('span', { class: 'small block' }, requestLink(x.requestId)) : null) },
              { label: 'Endpoint', cell: (x) => h('code', { class: 'wrap', title: x.webhookId }, urls.get(x.webhookId) ?? shortId(x.webhookId)) },
              { label: 'Status', cell: (x) => h('span', {}, badge(x.status), x.nextAttemptAt ? h('span', { class: 'muted small block' }, 'next ', when(x.nextAttemptAt, { short: true })) : null) },
              { label: 'HTTP', cell: (x) => (x.lastStatusCode === null ? h('span', { class: 'muted' }, x.attempts.length ? 'none' : '—') : String(x.lastStatusCode)), className: 'num' },
              { label: 'Response time', cell: (x) => ms(x.attempts.length ? x.attempts[x.attempts.length - 1].durationMs : null), className: 'num' },
              { label: 'Attempts', cell: attempts },
              { label: '', cell: replay },
            ],
            d.deliveries,
            { empty: filter.value ? `No ${filter.value.toLowerCase()} deliveries.` : 'No deliveries yet.', caption: 'Recent deliveries' },
          ),
        );
      } catch (err) {
        fill(endpoints, errorNote(err));
      }
    };
    await load();
    ctx.every(4000, load);
  },
};

function attempts(d) {
  if (d.attempts.length === 0) return h('span', { class: 'muted' }, '0');
  return h(
    'details',
    { class: 'attempts' },
    h('summary', { 'data-key': `attempts:${d.deliveryId}` }, String(d.attempts.length)),
    h(
      'ol',
      {},
      d.attempts.map((a) => h('li', {}, when(a.attemptedAt, { short: true }), ` · ${a.statusCode ?? 'no answer'} · ${ms(a.durationMs)} · ${a.outcome}`, a.excerpt ? h('span', { class: 'muted small block excerpt' }, a.excerpt) : null)),
    ),
  );
}
