import { call } from '../lib/api.js';
import { field, fill, h } from '../lib/dom.js';
import { when } from '../lib/format.js';

// The windows update_account_settings accepts per category, in the order the page shows them.
const WINDOWS = [
  ['daily', 'per day'],
  ['weekly', 'per week'],
  ['monthly', 'per 30 days'],
];

// Words for the categories the API names; a category this page does not know shows its own name.
const NAMES = {
  invitations: 'Invitations',
  invitation_notes: 'Invitations with a note',
  messages: 'Messages',
  inmails: 'InMails',
  profile_views: 'Profile views',
  searches: 'Searches',
  engagement: 'Likes, comments, follows, endorsements',
};

const nameOf = (category) => NAMES[category] ?? category.replace(/_/g, ' ');
const capitalized = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The owner's budget caps, one form per category, saved with update_account_settings like the other
 * controls. Each form shows the caps in force (the owner's, else the defaults), the defaults and what
 * is used; "Restore defaults" sends null for the category. `reload()` fetches the account again and
 * resolves to its get_ln_account_details.
 *
 * Drawn once; a form is redrawn only after its own save, so a refresh never wipes what someone is
 * typing in another form.
 */
export function budgetEditor(details, reload) {
  const head = h('div');
  const headNote = h('div');
  const regions = new Map();
  for (const category of Object.keys(details.budgetDefaults ?? {})) regions.set(category, h('div', { class: 'card budget' }));

  const drawHead = (d) => {
    const overridden = d.budgetOverrides !== null && Object.keys(d.budgetOverrides).length !== 0;
    const restoreAll = h('button', { type: 'button', class: 'secondary', 'data-key': 'budget-restore-all' }, 'Restore all defaults');
    restoreAll.addEventListener('click', () => save(restoreAll, null, null, 'Every category is back to the defaults.'));
    fill(
      head,
      h('p', { class: 'muted small' }, "welink's own caps, per rolling day, week and 30 days: a request over one waits until it frees. Leave a field empty for no cap in that window."),
      d.budgets.length === 0 ? h('p', { class: 'alert' }, 'No welink budgets apply to this account now: in a sandbox workspace they apply once you set some (until then the sandbox plays LinkedIn\'s own limits).') : null,
      d.rampUp ? h('p', { class: 'alert' }, `New account: the default caps in force are at ${Math.round(d.rampUp.factor * 100)} % until `, when(d.rampUp.fullFrom), '. Caps you set apply as they are.') : null,
      overridden ? h('div', { class: 'actions' }, restoreAll) : null,
    );
  };

  const drawCategory = (d, category, note, afterSave = false) => {
    const region = regions.get(category);
    if (!region) return;
    fill(region, categoryForm(d, category, note, save));
    // A restore removes the button that had the focus: give it to the form's Save, not to the page.
    if (afterSave && (document.activeElement === document.body || document.activeElement === null)) region.querySelector('button[type="submit"]')?.focus();
  };

  /** One update_account_settings call, then the affected forms drawn again from a fresh read. */
  const save = async (button, category, caps, done) => {
    const region = category ? regions.get(category) : null;
    button.disabled = true;
    let fresh;
    try {
      await call('update_account_settings', { accountId: details.accountId, budgets: category ? { [category]: caps } : null });
      fresh = await reload();
    } catch (err) {
      button.disabled = false;
      if (region) showError(region, category, err);
      else fill(headNote, errorWithCode(err));
      return;
    }
    button.disabled = false;
    if (!fresh) return;
    drawHead(fresh);
    fill(headNote, category ? null : h('p', { class: 'alert alert-ok', role: 'status' }, done));
    if (category) drawCategory(fresh, category, done, true);
    else for (const c of regions.keys()) drawCategory(fresh, c, null, true);
  };

  drawHead(details);
  for (const c of regions.keys()) drawCategory(details, c, null);
  return h('div', {}, head, headNote, h('div', { class: 'budget-forms' }, [...regions.values()]));
}

function categoryForm(d, category, note, save) {
  const own = d.budgetOverrides?.[category] ?? null;
  const defaults = d.budgetDefaults[category] ?? {};
  const name = nameOf(category);
  const headingId = `budget-${category}-h`;
  const inputs = WINDOWS.map(([window, words]) => {
    const value = own ? own[window] : defaults[window];
    const input = h('input', {
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      name: `${category}.${window}`,
      value: value ?? '',
      'data-key': `budget:${category}:${window}`,
    });
    const line = d.budgets.find((b) => b.category === category && b.window === window);
    const help = [h('span', { class: 'block' }, `Default: ${defaults[window] ?? 'no cap'}`), line ? h('span', { class: 'block' }, `Used ${line.used} of ${line.limit}`) : null];
    // The visible label is the window; the category goes in front for screen readers, so each field's
    // name says which cap it is on its own ("Invitations per day").
    return { window, input, node: field([h('span', { class: 'sr-only' }, `${name} `), capitalized(words)], input, help) };
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-key': `budget-save:${category}` }, 'Save');
  const restore = own
    ? h('button', { type: 'button', class: 'secondary', 'data-key': `budget-restore:${category}`, 'aria-label': `Restore the defaults for ${name}` }, 'Restore defaults')
    : null;
  const noteRegion = h('div', { class: 'budget-note' }, note ? h('p', { class: 'alert alert-ok', role: 'status' }, note) : null);
  const form = h(
    'form',
    { class: 'stack', 'aria-labelledby': headingId, novalidate: true, 'data-category': category },
    h('div', { class: 'title-row' }, h('h3', { id: headingId }, name), own ? h('span', { class: 'tag' }, 'your caps') : h('span', { class: 'muted small' }, 'defaults')),
    h('div', { class: 'budget-windows' }, inputs.map((i) => i.node)),
    h('div', { class: 'actions' }, submit, restore),
    noteRegion,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const caps = {};
    for (const { window, input } of inputs) {
      const v = input.value.trim();
      // A number goes as a number; anything else goes as typed, so the API's own check names the problem.
      if (v !== '') caps[window] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
    save(submit, category, caps, 'Saved.');
  });
  restore?.addEventListener('click', () => save(restore, category, null, 'Defaults restored.'));
  return form;
}

/** The API's message and code where the form is, with the fields it names marked invalid. */
function showError(region, category, err) {
  const note = region.querySelector('.budget-note');
  const id = `budget-${category}-error`;
  for (const input of region.querySelectorAll('input')) {
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== id).join(' '));
  }
  const fields = new Set((err.body?.details ?? []).map((x) => x.field));
  const bad = [...region.querySelectorAll('input')].filter((i) => fields.has(`budgets.${i.name}`));
  for (const input of bad) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
  }
  fill(note, errorWithCode(err, id));
  bad[0]?.focus();
}

function errorWithCode(err, id) {
  return h('p', { class: 'alert alert-error', role: 'alert', id }, err?.message ?? String(err), err?.code ? [' ', h('code', { class: 'error-code' }, err.code)] : null);
}
