// The console's entry: a small client-side router over the page modules. Links inside the console
// are followed without reloading; every page refreshes its data on a timer while it is shown.
import { h } from './lib/dom.js';
import { accountPage } from './pages/account.js';
import { accountsPage } from './pages/accounts.js';
import { eventsPage } from './pages/events.js';
import { keysPage } from './pages/keys.js';
import { requestPage } from './pages/request.js';
import { requestsPage } from './pages/requests.js';
import { webhooksPage } from './pages/webhooks.js';

const routes = [
  [/^\/console\/?$/, accountsPage],
  [/^\/console\/accounts\/?$/, accountsPage],
  [/^\/console\/accounts\/([A-Za-z0-9_-]+)$/, accountPage],
  [/^\/console\/requests\/?$/, requestsPage],
  [/^\/console\/requests\/([A-Za-z0-9_-]+)$/, requestPage],
  [/^\/console\/webhooks\/?$/, webhooksPage],
  [/^\/console\/events\/?$/, eventsPage],
  [/^\/console\/keys\/?$/, keysPage],
];

const main = document.getElementById('main');
let timers = [];
let generation = 0;

/** What a page gets: where to draw, its path parameters, and timers that stop when it is left. */
function context(params, gen) {
  return {
    main,
    params,
    query: new URLSearchParams(location.search),
    alive: () => gen === generation,
    /** Runs `fn` every `ms` while this page is shown and the tab is visible, never two at once. */
    every(ms, fn) {
      let busy = false;
      const t = setInterval(async () => {
        if (busy || document.hidden || gen !== generation) return;
        busy = true;
        try {
          await fn();
        } finally {
          busy = false;
        }
      }, ms);
      timers.push(t);
    },
    go: navigate,
    /** Rewrites the address (filters) without adding a history entry. */
    setQuery(params) {
      const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      const s = q.toString();
      history.replaceState(null, '', location.pathname + (s ? `?${s}` : ''));
    },
  };
}

async function render(focus) {
  for (const t of timers) clearInterval(t);
  timers = [];
  const gen = ++generation;
  const route = routes.find(([re]) => re.test(location.pathname));
  for (const a of document.querySelectorAll('nav.tabs a')) {
    const current = location.pathname === a.getAttribute('href') || location.pathname.startsWith(a.getAttribute('href') + '/');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  main.replaceChildren();
  if (!route) {
    document.title = 'Not found · welink console';
    main.append(h('h1', {}, 'Not found'), h('p', {}, 'There is no console page here. ', h('a', { href: '/console/accounts' }, 'Go to the accounts.')));
    return;
  }
  const [re, page] = route;
  const params = re.exec(location.pathname).slice(1).map(decodeURIComponent);
  document.title = `${page.title} · welink console`;
  try {
    await page.mount(context(params, gen));
  } catch (err) {
    if (gen !== generation) return;
    main.append(h('p', { class: 'alert alert-error', role: 'alert' }, err && err.message ? err.message : String(err)));
  }
  // After an in-console navigation, move focus to the new page's heading, as a page load would.
  if (focus && gen === generation) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
}

export function navigate(path) {
  history.pushState(null, '', path);
  render(true);
}

document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/console') || url.pathname.startsWith('/console/assets')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => render(true));

render(false);
