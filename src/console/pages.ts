import type { ActiveSession } from './sessions.ts';
import { escapeHtml, page } from './html.ts';

/** The console's two server-rendered pages: the sign-in form, and the shell its scripts fill. */

type AssetUrl = (name: string) => string;

export function signInPage(assetUrl: AssetUrl, o: { error?: string; notice?: string; apiKey?: string; next?: string } = {}): string {
  const alert = o.error
    ? `<p class="alert alert-error" role="alert">${escapeHtml(o.error)}</p>`
    : o.notice
      ? `<p class="alert" role="status">${escapeHtml(o.notice)}</p>`
      : '';
  return page(
    {
      title: 'Sign in · welink console',
      bodyClass: 'signin',
      body: `    <main class="signin-card">
      <h1><span class="brand">welink</span> console</h1>
      <p class="muted">Sign in with an API key pair. The console then acts as that key: its workspace, its restrictions.</p>
      ${alert}
      <form method="post" action="/console/sign-in" class="stack">${o.next ? `
        <input type="hidden" name="next" value="${escapeHtml(o.next)}" />` : ''}
        <label for="apiKey">API key</label>
        <input id="apiKey" name="apiKey" type="text" required maxlength="200" autocomplete="username" spellcheck="false" placeholder="wl_key_..." value="${escapeHtml(o.apiKey ?? '')}" ${o.apiKey ? '' : 'autofocus'} />
        <label for="apiSecret">API secret</label>
        <input id="apiSecret" name="apiSecret" type="password" required maxlength="200" autocomplete="current-password" placeholder="wl_secret_..." ${o.apiKey ? 'autofocus' : ''} />
        <button type="submit" class="primary">Sign in</button>
      </form>
      <p class="muted small">No key yet? <code>npx welink keys create --name me --json</code> on the server. The secret travels in this form's body only, never in a URL, and the browser keeps only a session cookie (12 hours).</p>
    </main>`,
    },
    assetUrl,
  );
}

const NAV = [
  ['/console/accounts', 'Accounts'],
  ['/console/requests', 'Requests'],
  ['/console/webhooks', 'Webhooks'],
  ['/console/events', 'Events'],
  ['/console/keys', 'Keys'],
] as const;

export function shellPage(assetUrl: AssetUrl, s: ActiveSession, csrf: string): string {
  const nav = NAV.map(([href, label]) => `<a href="${href}">${label}</a>`).join('\n          ');
  return page(
    {
      title: 'welink console',
      meta: {
        'welink-csrf': csrf,
        'welink-mode': s.key.mode,
        'welink-workspace': s.key.workspace_id,
        'welink-session-expires': new Date(s.expiresAt).toISOString(),
      },
      scripts: ['app.js'],
      body: `    <a class="skip" href="#main">Skip to content</a>
    <header class="topbar">
      <div class="topbar-inner">
        <a class="brand" href="/console/accounts">welink</a>
        <span class="badge badge-${s.key.mode}" title="Workspace mode">${s.key.mode}</span>
        <span class="workspace muted" title="Workspace">${escapeHtml(s.key.workspace_id)}</span>
        <span class="spacer"></span>
        <span class="muted small key" title="Signed in with this API key">${escapeHtml(s.key.name)} · <code>${escapeHtml(s.key.api_key)}</code></span>
        <form method="post" action="/console/sign-out" class="inline">
          <input type="hidden" name="csrf" value="${escapeHtml(csrf)}" />
          <button type="submit" class="link">Sign out</button>
        </form>
      </div>
      <nav class="tabs" aria-label="Console">
          ${nav}
      </nav>
    </header>
    <main id="main" tabindex="-1">
      <noscript><p class="alert alert-error">The console needs JavaScript (served by this server; nothing is loaded from elsewhere).</p></noscript>
      <p class="muted">Loading…</p>
    </main>
    <div id="toast" class="toast" role="status" aria-live="polite"></div>`,
    },
    assetUrl,
  );
}
