// The hosted connection page. The link's token is the last part of this page's address; it is sent
// in a header to the page's own JSON calls, never put in another URL. Credentials go to this server
// only, in the body of those calls.
const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const $ = (id) => document.getElementById(id);
const ui = $('connect-ui');
const statusBox = $('status');
const consent = $('consent');
const forms = { password: $('password-form'), cookies: $('cookies-form'), code: $('code-form') };
const method = $('method');
let polling = null;

async function api(path, body) {
  let res;
  try {
    res = await fetch(`/connect/api/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      credentials: 'omit',
      headers: { 'x-connect-token': token, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { error: { code: 'NETWORK', message: 'The server could not be reached. Check your connection and try again.' } };
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  return res.ok ? { status: data } : { error: data ?? { code: 'HTTP_' + res.status, message: `The server answered ${res.status}.` } };
}

function say(text, kind = 'info') {
  statusBox.replaceChildren();
  const p = document.createElement('p');
  p.className = kind === 'error' ? 'alert alert-error' : kind === 'ok' ? 'alert alert-ok' : 'alert';
  if (kind === 'error') p.setAttribute('role', 'alert');
  p.textContent = text;
  statusBox.append(p);
  return p;
}

function chosen() {
  return method.querySelector('input[name="method"]:checked')?.value ?? 'password';
}

function showForms(visible) {
  method.hidden = !visible;
  consent.closest('.check').hidden = !visible;
  forms.password.hidden = !visible || chosen() !== 'password';
  forms.cookies.hidden = !visible || chosen() !== 'cookies';
}

function busy(on) {
  for (const f of Object.values(forms)) for (const el of f.elements) el.disabled = on;
}

function poll(on) {
  clearInterval(polling);
  polling = on ? setInterval(refresh, 1000) : null;
}

function show(s) {
  busy(false);
  forms.code.hidden = true;
  switch (s.state) {
    case 'OPEN':
      showForms(true);
      poll(false);
      break;
    case 'WORKING':
      showForms(false);
      busy(true);
      say('Connecting to LinkedIn… this usually takes a few seconds.');
      poll(true);
      break;
    case 'PIN_REQUIRED':
      showForms(false);
      forms.code.hidden = false;
      forms.code.reset();
      say('LinkedIn asks for a verification code: enter the code it sent you.');
      $('code').focus();
      poll(false);
      break;
    case 'FAILED':
      showForms(true);
      say(s.message ?? 'The connection did not succeed. Try again.', 'error');
      poll(false);
      break;
    case 'CONNECTED': {
      ui.hidden = true;
      poll(false);
      const p = say('Your LinkedIn account is connected. You can close this page.', 'ok');
      if (s.redirectUrl) {
        const a = document.createElement('a');
        a.href = s.redirectUrl;
        a.textContent = 'Continue';
        p.append(' ', a);
        setTimeout(() => location.assign(s.redirectUrl), 1500);
      }
      break;
    }
    case 'EXPIRED':
      ui.hidden = true;
      poll(false);
      say('This connection link has expired. Ask for a new one.', 'error');
      break;
  }
}

function failed(err) {
  if (err.code === 'CONNECT_LINK_USED' || err.code === 'CONNECT_LINK_EXPIRED' || err.code === 'CONNECT_LINK_NOT_FOUND') {
    ui.hidden = true;
    poll(false);
  }
  busy(false);
  const details = Array.isArray(err.details) && err.details.length ? ` (${err.details.map((d) => `${d.field} ${d.problem}`).join('; ')})` : '';
  say((err.message ?? 'Something went wrong.') + details, 'error');
}

async function refresh() {
  const r = await api('status');
  if (r.status) show(r.status);
  else failed(r.error);
}

function needsConsent() {
  if (consent.checked) return false;
  say('Tick the box to confirm you understand what connecting means.', 'error');
  consent.focus();
  return true;
}

async function submit(path, body) {
  busy(true);
  say('Sending…');
  const r = await api(path, body);
  if (r.status) show(r.status);
  else failed(r.error);
}

forms.password.addEventListener('submit', (e) => {
  e.preventDefault();
  if (needsConsent()) return;
  const f = forms.password.elements;
  if (!forms.password.reportValidity()) return;
  submit('login', { email: f.email.value.trim(), password: f.password.value });
});

forms.cookies.addEventListener('submit', (e) => {
  e.preventDefault();
  if (needsConsent()) return;
  if (!forms.cookies.reportValidity()) return;
  const f = forms.cookies.elements;
  const body = { li_at: f.li_at.value.trim(), JSESSIONID: f.JSESSIONID.value.trim() };
  if (f.email && f.email.value.trim()) body.email = f.email.value.trim();
  if (f.user_agent.value.trim().length >= 10) body.user_agent = f.user_agent.value.trim();
  submit('cookies', body);
});

forms.code.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!forms.code.reportValidity()) return;
  submit('code', { code: forms.code.elements.code.value.trim() });
});

method.addEventListener('change', () => {
  showForms(true);
  (chosen() === 'password' ? $('email') : forms.cookies.querySelector('input:not([type=hidden])'))?.focus();
});

// The browser's own user agent is the best guess for cookies copied from this browser.
const ua = $('user_agent');
if (ua && navigator.userAgent) ua.value = navigator.userAgent;

ui.hidden = false;
refresh();
