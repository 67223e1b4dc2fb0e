import { call } from '../lib/api.js';
import { copyButton, errorNote, fill, h, table } from '../lib/dom.js';
import { badge, fromNow, when } from '../lib/format.js';
import { accountLink, budgets, holds, hourlyUsage } from '../lib/parts.js';

/** Every account: status and reason, the hourly usage, budgets, queue, next action. */
export const accountsPage = {
  title: 'Accounts',
  async mount(ctx) {
    const showGone = h('input', { type: 'checkbox', id: 'show-gone' });
    const region = h('div', { class: 'region', 'aria-live': 'off' });
    const linkBox = h('div');
    const connect = h('button', { type: 'button', class: 'primary' }, 'Connect an account');
    connect.addEventListener('click', async () => {
      connect.disabled = true;
      try {
        const link = await call('create_connect_link', {});
        fill(linkBox, connectLinkBox(link, 'Send this link to the owner of the LinkedIn account. They connect it themselves; you receive ACCOUNT_CONNECTED.'));
        linkBox.querySelector('section')?.focus();
      } catch (err) {
        fill(linkBox, errorNote(err));
      } finally {
        connect.disabled = false;
      }
    });
    ctx.main.append(
      h('div', { class: 'page-head' }, h('h1', {}, 'Accounts'), h('div', { class: 'actions' }, connect)),
      linkBox,
      h('p', { class: 'check' }, showGone, ' ', h('label', { for: 'show-gone' }, 'Show disconnected accounts')),
      region,
    );

    const load = async () => {
      try {
        const accounts = [];
        let cursor;
        do {
          const page = await call('list_ln_account_details', { includeDisconnected: showGone.checked, limit: 100, ...(cursor ? { cursor } : {}) });
          accounts.push(...page.accounts);
          cursor = page.nextCursor;
        } while (cursor && accounts.length < 1000 && ctx.alive());
        if (!ctx.alive()) return;
        fill(region, accountsTable(accounts));
      } catch (err) {
        fill(region, errorNote(err));
      }
    };
    showGone.addEventListener('change', load);
    await load();
    ctx.every(5000, load);
  },
};

function accountsTable(accounts) {
  const anyBudgets = accounts.some((a) => a.budgets);
  const anyHolds = accounts.some((a) => a.holds && a.holds.length !== 0);
  const columns = [
    {
      label: 'Account',
      cell: (a) =>
        h(
          'span',
          {},
          a.status === 'DISCONNECTED' ? h('span', {}, a.email) : accountLink(a.accountId, a.email),
          a.firstname || a.lastname ? h('span', { class: 'muted small block' }, [a.firstname, a.lastname].filter(Boolean).join(' ')) : null,
        ),
    },
    { label: 'Status', cell: (a) => h('span', {}, badge(a.status), a.statusReason && a.statusReason !== a.status ? h('span', { class: 'muted small block' }, a.statusReason) : null) },
    { label: 'Last hour', cell: (a) => hourlyUsage(a.rateLimit) },
    ...(anyBudgets ? [{ label: 'LinkedIn budgets', cell: (a) => budgets(a.budgets) ?? h('span', { class: 'muted' }, '—') }] : []),
    ...(anyHolds ? [{ label: 'Holds', cell: (a) => holds(a.holds) ?? h('span', { class: 'muted' }, '—') }] : []),
    {
      label: 'Queue',
      cell: (a) => (a.queue ? h('span', {}, `${a.queue.queued} queued`, a.queue.running ? h('span', { class: 'muted small block' }, `${a.queue.running} running`) : null) : h('span', { class: 'muted' }, '—')),
    },
    {
      label: 'Next action',
      cell: (a) => nextAction(a),
    },
  ];
  return table(columns, accounts, { empty: 'No accounts yet. Connect one with the button above, or with login_v2 through the API.', caption: 'Accounts' });
}

/** When the account acts next: only an active account does; a paused one waits for its owner. */
export function nextAction(a) {
  if (!a.queue) return h('span', { class: 'muted' }, '—');
  if (a.status !== 'ACTIVE') return h('span', { class: 'muted' }, a.queue.queued > 0 ? `waits (${a.status.toLowerCase().replace('_', ' ')})` : '—');
  if (a.queue.queued === 0 && a.queue.running === 0) return h('span', { class: 'muted' }, 'idle');
  if (!a.queue.nextRunAt) return h('span', {}, a.queue.running ? 'running' : 'due now');
  return h('span', {}, when(a.queue.nextRunAt, { short: true }), h('span', { class: 'muted small block' }, fromNow(a.queue.nextRunAt)));
}

/** A freshly made connection link, with its expiry and a copy button. */
export function connectLinkBox(link, text) {
  return h(
    'section',
    { class: 'secret', tabindex: '-1', 'aria-label': 'Connection link' },
    h('h3', {}, 'Connection link'),
    h('p', { class: 'small' }, text, ' It works once and expires ', when(link.expiresAt), '.'),
    h('div', { class: 'secret-row' }, h('code', { class: 'secret-value', 'data-testid': 'connect-url' }, link.url), copyButton(link.url, 'Copy the link')),
  );
}
