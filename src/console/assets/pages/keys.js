import { call } from '../lib/api.js';
import { confirmDialog, errorNote, field, fill, h, secretBox, table, toast } from '../lib/dom.js';
import { badge, when } from '../lib/format.js';

const list = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** The workspace's credential pairs: list, create (secret shown once), revoke, restrictions. */
export const keysPage = {
  title: 'API keys',
  async mount(ctx) {
    const shown = h('div');
    const region = h('div', { class: 'region' });
    const note = h('div');
    const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 100, placeholder: 'crm-prod' });
    const actions = h('textarea', { name: 'allowedActions', rows: 2, spellcheck: 'false', placeholder: 'every operation' });
    const ips = h('input', { type: 'text', name: 'allowedIps', spellcheck: 'false', placeholder: 'any address' });
    const createNote = h('div');
    const form = h(
      'form',
      { class: 'stack narrow' },
      field('Name', name),
      field('Allowed actions', actions, 'Operation names, separated by commas or spaces (e.g. get_response, connect). Empty: every operation your own key may call.'),
      field('Allowed IPs', ips, 'Addresses or CIDR ranges, separated by commas (e.g. 203.0.113.0/24). Empty: any address your own key may use.'),
      h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Create key')),
      createNote,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const a = list(actions.value);
      const i = list(ips.value);
      try {
        const made = await call('create_api_key', { name: name.value.trim(), ...(a.length ? { allowedActions: a } : {}), ...(i.length ? { allowedIps: i } : {}) });
        form.reset();
        fill(createNote);
        fill(shown, secretBox(`New key "${made.name}"`, [['API key', made.apiKey], ['API secret', made.apiSecret]]));
        shown.querySelector('section')?.focus();
        await load();
      } catch (err) {
        fill(createNote, errorNote(err));
      }
    });
    ctx.main.append(h('h1', {}, 'API keys'), shown, note, region, h('details', { class: 'panel' }, h('summary', {}, 'Create a key'), form));

    const revoke = (k) => {
      if (k.revokedAt) return null;
      const b = h('button', { type: 'button', class: 'danger small', 'data-key': `revoke:${k.apiKey}` }, 'Revoke');
      b.addEventListener('click', async () => {
        const text = k.current
          ? 'This is the key of your console session: revoking it signs you out at once, and every client using it stops working.'
          : 'Every client using this key stops working at once, and console sessions opened with it end.';
        if (!(await confirmDialog(`Revoke "${k.name}"?`, text, 'Revoke', { danger: true }))) return;
        try {
          await call('revoke_api_key', { apiKey: k.apiKey });
          toast('Key revoked.');
          if (k.current) location.assign('/console?reason=ended');
          else await load();
        } catch (err) {
          fill(note, errorNote(err));
        }
      });
      return b;
    };

    const load = async () => {
      try {
        const r = await call('list_api_keys', {});
        if (!ctx.alive()) return;
        fill(
          region,
          table(
            [
              { label: 'Name', cell: (k) => h('span', {}, k.name, k.current ? h('span', { class: 'tag' }, 'this session') : null) },
              { label: 'API key', cell: (k) => h('code', { class: 'wrap' }, k.apiKey) },
              { label: 'Created', cell: (k) => when(k.createdAt, { short: true }) },
              { label: 'State', cell: (k) => (k.revokedAt ? h('span', {}, badge('REVOKED'), h('span', { class: 'muted small block' }, when(k.revokedAt, { short: true }))) : badge('ACTIVE')) },
              { label: 'Allowed actions', cell: (k) => (k.allowedActions ? k.allowedActions.join(', ') : h('span', { class: 'muted' }, 'all')) },
              { label: 'Allowed IPs', cell: (k) => (k.allowedIps ? k.allowedIps.join(', ') : h('span', { class: 'muted' }, 'any')) },
              { label: '', cell: revoke },
            ],
            r.keys,
            { caption: 'API keys' },
          ),
        );
      } catch (err) {
        fill(region, errorNote(err));
      }
    };
    await load();
    ctx.every(10000, load);
  },
};
