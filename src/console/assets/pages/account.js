import { call } from '../lib/api.js';
import { confirmDialog, errorNote, field, fill, h, table, toast } from '../lib/dom.js';
import { badge, when } from '../lib/format.js';
import { budgets, holds, hourlyUsage, requestLink, waitingFor } from '../lib/parts.js';
import { budgetEditor } from './account-budgets.js';
import { connectLinkBox, nextAction } from './accounts.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** One account: its state, its queue in order, recent results, and the owner's controls. */
export const accountPage = {
  title: 'Account',
  async mount(ctx) {
    const accountId = ctx.params[0];
    const head = h('div');
    const summary = h('div', { class: 'cards' });
    const controls = h('div', { class: 'actions' });
    const controlNote = h('div');
    const queue = h('div', { class: 'region' });
    const recent = h('div', { class: 'region' });
    const settings = h('div');
    const budgetControls = h('div');
    ctx.main.append(
      h('p', {}, h('a', { href: '/console/accounts' }, '← Accounts')),
      head,
      summary,
      h('section', { 'aria-labelledby': 'controls-h' }, h('h2', { id: 'controls-h' }, 'Controls'), controls, controlNote),
      h('section', { 'aria-labelledby': 'queue-h' }, h('h2', { id: 'queue-h' }, 'Queue'), h('p', { class: 'muted small' }, 'In the order the account runs them, one at a time. Start times are estimates with the shortest pause.'), queue),
      h('section', { 'aria-labelledby': 'recent-h' }, h('h2', { id: 'recent-h' }, 'Recent requests'), recent),
      h('section', { 'aria-labelledby': 'settings-h' }, h('h2', { id: 'settings-h' }, 'Time zone and active hours'), settings),
      h('section', { 'aria-labelledby': 'budgets-h' }, h('h2', { id: 'budgets-h' }, 'Budgets'), budgetControls),
    );

    let details = null;
    let settingsDrawn = false;
    const load = async () => {
      try {
        details = await call('get_ln_account_details', { accountId });
      } catch (err) {
        fill(head, h('h1', {}, 'Account'), errorNote(err));
        return;
      }
      if (!ctx.alive()) return;
      const d = details;
      fill(
        head,
        h('div', { class: 'title-row' }, h('h1', {}, d.email), badge(d.status)),
        h('p', { class: 'muted' }, [d.firstname, d.lastname].filter(Boolean).join(' ') || 'Not logged in yet', ' · ', h('code', {}, d.accountId), d.premium ? ' · premium' : ''),
        d.statusReason ? h('p', { class: 'alert' }, h('strong', {}, 'Reason: '), d.statusReason) : null,
      );
      fill(
        summary,
        card('Last hour', hourlyUsage(d.rateLimit)),
        card('Queue', h('span', {}, `${d.queue.queued} queued, ${d.queue.running} running`)),
        card('Next action', nextAction(d)),
        d.budgets ? card('LinkedIn budgets', budgets(d.budgets)) : null,
        d.holds && d.holds.length !== 0 ? card('Holds', holds(d.holds)) : null,
      );
      drawControls(d);
      if (!settingsDrawn) {
        settingsDrawn = true;
        fill(settings, settingsForm(d));
        fill(budgetControls, budgetEditor(d, async () => {
          await load();
          return details;
        }));
      }
      await Promise.all([loadQueue(), loadRecent()]);
    };

    const loadQueue = async () => {
      try {
        const q = await call('get_account_queue', { accountId, limit: 100 });
        if (!ctx.alive()) return;
        fill(
          queue,
          q.total > q.requests.length ? h('p', { class: 'muted small' }, `Showing the first ${q.requests.length} of ${q.total}.`) : null,
          table(
            [
              { label: '#', cell: (r) => String(r.position), className: 'num' },
              { label: 'Request', cell: (r) => requestLink(r.requestId) },
              { label: 'Action', cell: (r) => r.action },
              { label: 'State', cell: (r) => badge(r.state) },
              { label: 'Earliest start', cell: (r) => (r.earliestStartAt ? when(r.earliestStartAt, { short: true }) : h('span', { class: 'muted' }, '—')) },
              { label: 'Waiting for', cell: (r) => (r.state === 'RUNNING' ? h('span', { class: 'muted' }, 'running now') : waitingFor(r.waitingFor)) },
            ],
            q.requests,
            { empty: 'Nothing queued.', caption: 'Queue' },
          ),
        );
      } catch (err) {
        fill(queue, errorNote(err));
      }
    };

    const loadRecent = async () => {
      try {
        const r = await call('list_requests', { accountId, status: ['SUCCESS', 'FAILED', 'CANCELLED'], limit: 20 });
        if (!ctx.alive()) return;
        fill(
          recent,
          table(
            [
              { label: 'Request', cell: (x) => requestLink(x.requestId) },
              { label: 'Action', cell: (x) => x.action },
              { label: 'Result', cell: (x) => h('span', {}, badge(x.state), x.errorCode ? h('span', { class: 'muted small block' }, x.errorCode) : null) },
              { label: 'Finished', cell: (x) => when(x.finishedAt, { short: true }) },
            ],
            r.requests,
            { empty: 'No finished requests yet.', caption: 'Recent requests' },
            ),
          r.nextCursor ? h('p', {}, h('a', { href: `/console/requests?accountId=${encodeURIComponent(accountId)}` }, 'All requests of this account →')) : null,
        );
      } catch (err) {
        fill(recent, errorNote(err));
      }
    };

    const act = async (button, fn) => {
      button.disabled = true;
      try {
        await fn();
      } catch (err) {
        fill(controlNote, errorNote(err));
      } finally {
        button.disabled = false;
      }
    };

    const drawControls = (d) => {
      // Pause and resume: one engine transition each, then a fresh look at the account.
      const control = (label, kind, operation, done) => {
        const b = h('button', { type: 'button', class: kind, 'data-key': operation }, label);
        b.addEventListener('click', () =>
          act(b, async () => {
            await call(operation, { accountId });
            toast(done);
            fill(controlNote);
            await load();
          }),
        );
        return b;
      };
      const pause = control('Pause', 'secondary', 'pause_account', 'Paused: queued requests wait until you resume.');
      const resume = control('Resume', 'primary', 'resume_account', 'Resumed: queued requests run again.');
      const link = h('button', { type: 'button', class: 'secondary', 'data-key': 'link' }, 'Reconnection link');
      link.addEventListener('click', () =>
        act(link, async () => {
          const l = await call('create_connect_link', { accountId });
          fill(controlNote, connectLinkBox(l, `Send this link to the owner of ${d.email}: they log the account in again themselves.`));
          controlNote.querySelector('section')?.focus();
        }),
      );
      const disconnect = h('button', { type: 'button', class: 'danger', 'data-key': 'disconnect' }, 'Disconnect');
      disconnect.addEventListener('click', async () => {
        const ok = await confirmDialog('Disconnect this account?', `${d.email}: queued requests are cancelled, its stored credentials deleted, and the account id stops working. This cannot be undone.`, 'Disconnect', { danger: true });
        if (!ok) return;
        act(disconnect, async () => {
          await call('disconnect_account', { accountId });
          toast('Account disconnected.');
          ctx.go('/console/accounts');
        });
      });
      fill(controls, d.status === 'ACTIVE' ? pause : null, d.status === 'PAUSED' ? resume : null, link, disconnect);
    };

    await load();
    ctx.every(5000, load);
  },
};

function card(title, body) {
  return h('div', { class: 'card' }, h('h3', {}, title), body);
}

function settingsForm(d) {
  const hours = d.activeHours;
  const tz = h('input', { type: 'text', name: 'timezone', list: 'timezones', value: d.timezone ?? '', placeholder: 'e.g. Europe/Paris', autocomplete: 'off', spellcheck: 'false' });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const datalist = h('datalist', { id: 'timezones' }, zones.map((z) => h('option', { value: z })));
  const limit = h('input', { type: 'checkbox', id: 'limit-hours', checked: !!hours });
  const start = h('input', { type: 'time', value: hours?.start ?? '09:00', required: true });
  const end = h('input', { type: 'time', value: hours?.end ?? '18:00', required: true });
  const days = DAYS.map((name, i) => {
    const box = h('input', { type: 'checkbox', value: String(i + 1), checked: hours ? !hours.days || hours.days.includes(i + 1) : i < 5 });
    return h('label', { class: 'day' }, box, ` ${name}`);
  });
  const hoursFields = h(
    'fieldset',
    { class: 'hours' },
    h('legend', {}, 'Active hours (in the account\'s time zone)'),
    h('div', { class: 'row' }, field('From', start), field('To', end)),
    h('div', { class: 'days', role: 'group', 'aria-label': 'Days' }, days),
  );
  const sync = () => {
    hoursFields.disabled = !limit.checked;
  };
  limit.addEventListener('change', sync);
  sync();
  const note = h('div');
  const form = h(
    'form',
    { class: 'stack narrow' },
    field('Time zone', tz, 'IANA name. Pacing and active hours use it.'),
    datalist,
    h('p', { class: 'check' }, limit, ' ', h('label', { for: 'limit-hours' }, 'Act only during active hours')),
    hoursFields,
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Save')),
    note,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = days.map((l) => l.querySelector('input')).filter((b) => b.checked).map((b) => Number(b.value));
    if (limit.checked && chosen.length === 0) {
      fill(note, errorNote('Pick at least one day, or untick "Act only during active hours".'));
      return;
    }
    const body = { accountId: d.accountId };
    if (tz.value.trim()) body.timezone = tz.value.trim();
    body.active_hours = limit.checked
      ? { start: start.value, end: end.value, days: chosen }
      : null;
    try {
      await call('update_account_settings', body);
      fill(note, h('p', { class: 'alert', role: 'status' }, 'Saved.'));
    } catch (err) {
      fill(note, errorNote(err));
    }
  });
  return form;
}
