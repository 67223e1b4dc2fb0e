import { call, listActionNames } from '../lib/api.js';
import { errorNote, field, fill, h, table } from '../lib/dom.js';
import { badge, when } from '../lib/format.js';
import { accountLink, requestLink } from '../lib/parts.js';

const STATES = ['QUEUED', 'RUNNING', 'PIN_REQUIRED', 'SUCCESS', 'FAILED', 'CANCELLED'];

/** Every request, newest first, filtered by state, action and account (the filters live in the URL). */
export const requestsPage = {
  title: 'Requests',
  async mount(ctx) {
    const q = ctx.query;
    const option = (value, label, selected) => h('option', { value, selected: selected === value }, label);
    const status = h('select', { name: 'status' }, option('', 'Any state', q.get('status') ?? ''), STATES.map((s) => option(s, s, q.get('status'))));
    const action = h('select', { name: 'action' }, option('', 'Any action', ''));
    const account = h('select', { name: 'accountId' }, option('', 'Any account', ''));
    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter requests' }, field('State', status), field('Action', action), field('Account', account));
    const region = h('div', { class: 'region' });
    const more = h('div');
    ctx.main.append(h('h1', {}, 'Requests'), filters, region, more);

    const emails = new Map();
    const [actions, accounts] = await Promise.all([
      listActionNames(),
      call('get_all_ln_accounts', {}).catch(() => []),
    ]);
    for (const a of actions) action.append(option(a, a, q.get('action')));
    for (const a of accounts) {
      emails.set(a.accountId, a.email);
      account.append(option(a.accountId, a.email, q.get('accountId')));
    }
    // A filter from the URL for an account not in the first page still applies.
    if (q.get('accountId') && !emails.has(q.get('accountId'))) account.append(option(q.get('accountId'), q.get('accountId'), q.get('accountId')));
    if (q.get('action') && !actions.includes(q.get('action'))) action.append(option(q.get('action'), q.get('action'), q.get('action')));

    let rows = [];
    let cursor = null;
    let extraPages = 0;
    const body = () => ({ ...(status.value ? { status: status.value } : {}), ...(action.value ? { action: action.value } : {}), ...(account.value ? { accountId: account.value } : {}), limit: 50 });
    const draw = () => {
      fill(
        region,
        table(
          [
            { label: 'Request', cell: (r) => requestLink(r.requestId) },
            { label: 'Account', cell: (r) => accountLink(r.accountId, emails.get(r.accountId)) },
            { label: 'Action', cell: (r) => r.action },
            { label: 'State', cell: (r) => h('span', {}, badge(r.state), r.errorCode ? h('span', { class: 'muted small block' }, r.errorCode) : null) },
            { label: 'Accepted', cell: (r) => when(r.acceptedAt, { short: true }) },
            { label: 'Finished', cell: (r) => when(r.finishedAt, { short: true }) },
          ],
          rows,
          { empty: 'No request matches these filters.', caption: 'Requests' },
        ),
      );
      const button = h('button', { type: 'button', class: 'secondary', 'data-key': 'more' }, 'Load more');
      button.addEventListener('click', async () => {
        try {
          const page = await call('list_requests', { ...body(), cursor });
          rows = rows.concat(page.requests);
          cursor = page.nextCursor;
          extraPages++;
          draw();
        } catch (err) {
          fill(more, errorNote(err));
        }
      });
      fill(more, cursor ? button : null);
    };
    const load = async () => {
      try {
        const page = await call('list_requests', body());
        if (!ctx.alive()) return;
        rows = page.requests;
        cursor = page.nextCursor;
        extraPages = 0;
        draw();
      } catch (err) {
        fill(region, errorNote(err));
      }
    };
    filters.addEventListener('change', () => {
      ctx.setQuery({ status: status.value, action: action.value, accountId: account.value });
      load();
    });
    filters.addEventListener('submit', (e) => e.preventDefault());
    await load();
    // Refreshes keep the first page current; once older pages are loaded, they stay as they are.
    ctx.every(5000, async () => {
      if (extraPages === 0) await load();
    });
  },
};
