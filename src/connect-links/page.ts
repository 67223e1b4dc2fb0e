import { escapeHtml, page } from '../console/html.ts';
import type { LinkStatus } from './status.ts';

/** The hosted connection page, and the pages of a link that cannot be used. */

type AssetUrl = (name: string) => string;

export interface ConnectPageData {
  workspaceName: string;
  mode: 'sandbox' | 'live';
  /** Masked email of the account a reconnection link is for. */
  reconnects: string | null;
  status: LinkStatus;
  /** The User-Agent of the browser that opened the page (prefills the cookie form). */
  userAgent: string;
}

export function connectPage(assetUrl: AssetUrl, d: ConnectPageData): string {
  const who = escapeHtml(d.workspaceName);
  const sandbox =
    d.mode === 'sandbox'
      ? `<p class="alert" role="note"><strong>Sandbox.</strong> Nothing real is touched: any email and password connect a simulated account (an email with <code>+pin</code> asks for the code <code>123456</code>). The cookie option is simulated too: the cookies are neither checked nor kept.</p>`
      : '';
  const reconnect = d.reconnects ? `<p>This link reconnects the LinkedIn account <strong>${escapeHtml(d.reconnects)}</strong>: sign in with that account.</p>` : '';
  const emailField = (id: string, optional: boolean) =>
    optional
      ? ''
      : `<label for="${id}">Email of your LinkedIn account</label>
          <input id="${id}" name="email" type="email" required maxlength="320" autocomplete="username" spellcheck="false" />`;
  return page(
    {
      title: 'Connect your LinkedIn account',
      bodyClass: 'connect',
      meta: { 'welink-link-state': d.status.state, 'welink-link-expires': d.status.expiresAt },
      scripts: ['connect.js'],
      body: `    <main class="connect-card" id="main">
      <h1>Connect your LinkedIn account</h1>
      <p><strong>${who}</strong> asks you to connect your LinkedIn account. It uses welink, a service that acts on LinkedIn for it.</p>
      ${sandbox}
      <section class="notice" aria-labelledby="risk">
        <h2 id="risk">What connecting means</h2>
        <ul>
          <li><strong>Your account will be automated.</strong> welink will act on your LinkedIn account for ${who}: view profiles, send invitations and messages, and read your conversations, as ${who} instructs.</li>
          <li><strong>LinkedIn forbids automation.</strong> Its User Agreement (section 8.2) prohibits software that acts on LinkedIn for you. LinkedIn can warn, restrict or permanently ban an account it finds automated, whatever pacing is used. Only connect an account you accept that risk for.</li>
          <li><strong>Your credentials stay here.</strong> What you enter goes to this server only, is stored encrypted, and is never shown to ${who} or written to logs. Whoever holds your session can act as you on LinkedIn.</li>
          <li><strong>You can stop it.</strong> Ask ${who} to disconnect the account, or sign out of all sessions in LinkedIn's settings and change your password.</li>
        </ul>
      </section>
      ${reconnect}
      <div id="connect-ui" hidden>
        <p class="check"><input id="consent" type="checkbox" /> <label for="consent">I understand what connecting means and want to connect my account.</label></p>
        <fieldset class="choice" id="method">
          <legend>How do you want to connect?</legend>
          <label><input type="radio" name="method" value="password" checked /> Email and password</label>
          <label><input type="radio" name="method" value="cookies" /> Session cookies from my browser</label>
        </fieldset>
        <form id="password-form" class="stack" novalidate>
          ${emailField('email', false)}
          <label for="password">Password</label>
          <input id="password" name="password" type="password" required maxlength="1024" autocomplete="current-password" />
          <button type="submit" class="primary">Connect</button>
        </form>
        <form id="cookies-form" class="stack" hidden novalidate>
          ${emailField('cookie-email', d.reconnects !== null)}
          <details>
            <summary>Where do I find these?</summary>
            <ol>
              <li>Sign in to linkedin.com in your usual browser.</li>
              <li>Open the developer tools (F12, or Cmd+Option+I on a Mac), then <em>Application</em> (Chrome, Edge) or <em>Storage</em> (Firefox), then <em>Cookies</em>, <em>https://www.linkedin.com</em>.</li>
              <li>Copy the values of <code>li_at</code> (starts with <code>AQED</code>) and <code>JSESSIONID</code> (like <code>"ajax:123…"</code>).</li>
            </ol>
          </details>
          <label for="li_at">li_at cookie</label>
          <input id="li_at" name="li_at" type="password" required minlength="10" maxlength="4096" autocomplete="off" spellcheck="false" />
          <label for="JSESSIONID">JSESSIONID cookie</label>
          <input id="JSESSIONID" name="JSESSIONID" type="text" required minlength="5" maxlength="256" autocomplete="off" spellcheck="false" />
          <label for="user_agent">Browser user agent</label>
          <input id="user_agent" name="user_agent" type="text" maxlength="512" spellcheck="false" value="${escapeHtml(d.userAgent.slice(0, 512))}" aria-describedby="ua-help" />
          <p id="ua-help" class="muted small">Filled in from this browser. If you copied the cookies from another browser, paste that browser's user agent instead.</p>
          <button type="submit" class="primary">Connect</button>
        </form>
        <form id="code-form" class="stack" hidden novalidate>
          <p>LinkedIn sent a verification code to you (by email or text message).</p>
          <label for="code">Code</label>
          <input id="code" name="code" type="text" required maxlength="32" inputmode="numeric" autocomplete="one-time-code" />
          <button type="submit" class="primary">Submit code</button>
        </form>
      </div>
      <div id="status" class="status" role="status" aria-live="polite"></div>
      <noscript><p class="alert alert-error">This page needs JavaScript (served by this server; nothing is loaded from elsewhere).</p></noscript>
      <p class="muted small">This link works once and expires at <time datetime="${escapeHtml(d.status.expiresAt)}">${escapeHtml(d.status.expiresAt.replace('T', ' ').slice(0, 16))} UTC</time>.</p>
    </main>`,
    },
    assetUrl,
  );
}

export type Ended = 'NOT_FOUND' | 'EXPIRED' | 'USED';

export function endedPage(assetUrl: AssetUrl, kind: Ended, workspaceName?: string): string {
  const who = workspaceName ? `<strong>${escapeHtml(workspaceName)}</strong>` : 'whoever sent it';
  const text = {
    NOT_FOUND: ['This connection link is not valid', `Check that you opened the whole link. It may also have been withdrawn: ask ${who} for a new one.`],
    EXPIRED: ['This connection link has expired', `Links work for a limited time. Ask ${who} for a new link.`],
    USED: ['This connection link has already been used', `A LinkedIn account was connected with it, and a link works only once. To connect again, ask ${who} for a new link.`],
  }[kind];
  return page(
    {
      title: text[0],
      bodyClass: 'connect',
      body: `    <main class="connect-card" id="main">
      <h1>${text[0]}</h1>
      <p>${text[1]}</p>
    </main>`,
    },
    assetUrl,
  );
}
