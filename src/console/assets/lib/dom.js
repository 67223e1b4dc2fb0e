// Building the page without innerHTML: every value reaches the DOM as text, so nothing shown can
// run as markup. Nothing here is inline script or style (the Content-Security-Policy forbids both).

/**
 * h('a', { href: '/x', class: 'link' }, 'text', child): an element with attributes and children.
 * Attributes starting with "on" are listeners; `false`, null and undefined attributes are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces the content of a region that refreshes itself, keeping the keyboard focus on the element
 * with the same `data-key` when there is one (a refresh must not throw a keyboard user back to the top).
 */
export function fill(region, ...children) {
  const active = document.activeElement;
  const key = active && region.contains(active) ? active.getAttribute('data-key') : null;
  region.replaceChildren();
  append(region, children);
  if (key) {
    const again = [...region.querySelectorAll('[data-key]')].find((e) => e.getAttribute('data-key') === key);
    if (again) again.focus();
  }
}

/**
 * A table that turns into labelled cards at phone width (the CSS shows each cell's data-label).
 * columns: [{ label, cell: (row) => node|text, className? }]
 */
export function table(columns, rows, { empty = 'Nothing here yet.', caption } = {}) {
  if (rows.length === 0) return h('p', { class: 'empty muted' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => h('td', { 'data-label': c.label, class: c.className }, c.cell(r)))))),
    ),
  );
}

/** A labelled form field. */
export function field(label, input, help) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const helpId = help ? `${id}-help` : null;
  if (helpId) input.setAttribute('aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, help ? h('p', { class: 'muted small', id: helpId }, help) : null);
}

let toastTimer = null;
/** A short message in the polite live region (read out by screen readers). */
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  el.className = `toast toast-${kind} show`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 5000);
}

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). Resolves true on confirm. */
export function confirmDialog(title, message, confirmLabel, { danger = false } = {}) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close('cancel') }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'danger' : 'primary', onclick: () => dialog.close('ok') }, confirmLabel);
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' }, h('h2', { id: 'dialog-title' }, title), h('p', {}, message), h('div', { class: 'actions' }, cancel, ok));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** A secret shown once, with a copy button and a plain warning. */
export function secretBox(title, entries) {
  return h(
    'section',
    { class: 'secret', 'aria-label': title, tabindex: '-1' },
    h('h3', {}, title),
    h('p', { class: 'small' }, 'Copy it now: it is shown only this once and cannot be read again.'),
    entries.map(([label, value]) =>
      h('div', { class: 'secret-row' }, h('span', { class: 'muted' }, label), h('code', { class: 'secret-value' }, value), copyButton(value, `Copy ${label}`)),
    ),
  );
}

export function copyButton(value, label = 'Copy') {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'aria-label': label,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value);
          toast('Copied.');
        } catch {
          toast('Copying is not available here; select the text instead.', 'error');
        }
      },
    },
    'Copy',
  );
}

/** Shows an error from an API call where the user is looking. */
export function errorNote(err) {
  return h('p', { class: 'alert alert-error', role: 'alert' }, err && err.message ? err.message : String(err));
}
