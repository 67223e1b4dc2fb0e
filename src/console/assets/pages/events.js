import { call } from '../lib/api.js';
import { errorNote, field, fill, h } from '../lib/dom.js';
import { json, when } from '../lib/format.js';
import { accountLink, requestLink } from '../lib/parts.js';

const KEEP = 500;

/** The event log, newest first, with a live tail (get_events after the newest seq, every 2 s). */
export const eventsPage = {
  title: 'Events',
  async mount(ctx) {
    const live = h('input', { type: 'checkbox', id: 'live', checked: true });
    const type = h('input', { type: 'text', name: 'type', placeholder: 'every type', spellcheck: 'false', value: ctx.query.get('type') ?? '' });
    const list = h('ol', { class: 'events', reversed: true, 'aria-live': 'off' });
    const note = h('div');
    const older = h('button', { type: 'button', class: 'secondary' }, 'Load older events');
    const state = h('p', { class: 'muted small', role: 'status' });
    ctx.main.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Events'), h('p', { class: 'check' }, live, ' ', h('label', { for: 'live' }, 'Live'))),
      h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter events', onsubmit: (e) => e.preventDefault() }, field('Event type', type)),
      state,
      note,
      list,
      older,
    );

    const emails = new Map();
    await call('get_all_ln_accounts', {}).then((r) => r.forEach((a) => emails.set(a.accountId, a.email)), () => {});
    const item = (e, fresh) => eventItem(e, fresh, emails);
    let lastSeq = 0;
    let oldest = null;
    const wanted = (e) => !type.value.trim() || e.type === type.value.trim();

    const reset = async () => {
      try {
        const page = await call('list_events', { limit: 50, ...(type.value.trim() ? { type: type.value.trim() } : {}) });
        if (!ctx.alive()) return;
        lastSeq = page.lastSeq;
        oldest = page.nextBefore;
        list.replaceChildren(...page.events.map((e) => item(e, false)));
        older.hidden = oldest === null;
        fill(state, page.events.length ? `Newest first. Following new events${live.checked ? '' : ' is paused'}.` : 'No events yet.');
        fill(note);
      } catch (err) {
        fill(note, errorNote(err));
      }
    };

    const tail = async () => {
      if (!live.checked) return;
      try {
        let more = true;
        while (more && ctx.alive()) {
          const page = await call('get_events', { after: lastSeq, limit: 100 });
          for (const e of page.events) if (wanted(e)) list.prepend(item(e, true));
          lastSeq = page.nextAfter;
          more = page.hasMore;
        }
        while (list.children.length > KEEP) list.lastElementChild.remove();
        fill(note);
      } catch (err) {
        fill(note, errorNote(err));
      }
    };

    older.addEventListener('click', async () => {
      try {
        const page = await call('list_events', { before: oldest, limit: 50, ...(type.value.trim() ? { type: type.value.trim() } : {}) });
        for (const e of page.events) list.append(item(e, false));
        oldest = page.nextBefore;
        older.hidden = oldest === null;
      } catch (err) {
        fill(note, errorNote(err));
      }
    });
    let typing = null;
    type.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        ctx.setQuery({ type: type.value.trim() });
        reset();
      }, 400);
    });
    live.addEventListener('change', () => reset());
    await reset();
    ctx.every(2000, tail);
  },
};

function eventItem(e, fresh, emails) {
  return h(
    'li',
    { class: fresh ? 'event fresh' : 'event', 'data-seq': e.seq },
    h(
      'details',
      {},
      h(
        'summary',
        {},
        h('span', { class: 'seq muted' }, `#${e.seq}`),
        ' ',
        h('strong', {}, e.type),
        ' ',
        when(e.createdAt, { short: true }),
        e.accountId ? h('span', { class: 'small' }, ' · ', accountLink(e.accountId, emails.get(e.accountId))) : null,
        e.requestId ? h('span', { class: 'small' }, ' · ', requestLink(e.requestId)) : null,
      ),
      json(e.payload),
    ),
  );
}
