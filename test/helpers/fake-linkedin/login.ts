import type { Answer, Incoming } from './server.ts';
import type { FakeState } from './state.ts';

/** The credential login surface: /uas/authenticate (PASS, CHALLENGE, BAD_USERNAME_OR_PASSWORD) and the PIN challenge pages. */
export function loginRoute(st: FakeState, req: Incoming): Answer | null {
  const form = new URLSearchParams(req.body);
  if (req.path === '/uas/authenticate' && req.method === 'GET') {
    return { status: 200, body: { status: 'success' }, headers: { 'set-cookie': [`JSESSIONID="ajax:anon${st.nextId()}"; Path=/; Secure`] } };
  }
  if (req.path === '/uas/authenticate' && req.method === 'POST') {
    const cred = st.credentials.get(String(form.get('session_key')).toLowerCase());
    if (!cred || cred.password !== form.get('session_password')) return { status: 200, body: { login_result: 'BAD_USERNAME_OR_PASSWORD' } };
    if (cred.pin || cred.captcha) {
      const id = `AQ${st.nextId()}`;
      st.challenges.set(id, { email: cred.email, csrf: `csrf${st.nextId()}` });
      return { status: 200, body: { login_result: 'CHALLENGE', challenge_url: `https://www.linkedin.com/checkpoint/challenge/${id}?ut=x` } };
    }
    return pass(st, cred.memberId, { login_result: 'PASS' });
  }
  const page = /^\/checkpoint\/challenge\/([^/]+)$/.exec(req.path);
  if (page && req.method === 'GET' && page[1] !== 'verify') {
    const ch = st.challenges.get(page[1]);
    if (!ch) return { status: 404, html: '<html>gone</html>' };
    return { status: 200, html: challengePage(st, page[1]) };
  }
  if (req.path === '/checkpoint/challenge/verify' && req.method === 'POST') {
    const id = String(form.get('challengeId'));
    const ch = st.challenges.get(id);
    const cred = ch ? st.credentials.get(ch.email) : undefined;
    if (!ch || !cred || form.get('csrfToken') !== ch.csrf) return { status: 400, html: '<html>bad challenge</html>' };
    if (form.get('pin') !== cred.pin) return { status: 200, html: challengePage(st, id) };
    st.challenges.delete(id);
    return pass(st, cred.memberId, undefined, 302);
  }
  return null;
}

function pass(st: FakeState, memberId: string, body: unknown, status = 200): Answer {
  const c = st.login(memberId);
  return {
    status,
    body,
    headers: {
      ...(status === 302 ? { location: 'https://www.linkedin.com/feed/' } : {}),
      'set-cookie': [`li_at=${c.li_at}; Path=/; HttpOnly; Secure`, `JSESSIONID=${c.JSESSIONID}; Path=/; Secure`, 'lidc="b=VB1:s=V"; Path=/'],
    },
  };
}

function challengePage(st: FakeState, id: string): string {
  const ch = st.challenges.get(id)!;
  const cred = st.credentials.get(ch.email)!;
  if (cred.captcha) {
    return `<html><body><form action="/checkpoint/challenge/verify" method="post"><input type="hidden" name="challengeId" value="${id}"><code id="securedDataExchange">blob</code></form></body></html>`;
  }
  const hidden = { csrfToken: ch.csrf, pageInstance: 'urn:li:page:checkpoint', challengeId: id, challengeType: 'EMAIL_PIN', displayTime: '0', challengeSource: 'LOGIN', requestSubmissionId: `sub${id}`, failureRedirectUri: '' };
  const inputs = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
    .join('');
  return `<html><body><form action="/checkpoint/challenge/verify" method="post">${inputs}<input type="text" name="pin" value=""><button>Submit</button></form></body></html>`;
}
