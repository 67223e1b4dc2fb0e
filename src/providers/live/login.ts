import { randomBytes } from 'node:crypto';
import type { ResultOf } from '../../actions/catalogue.ts';
import type { Outcome } from '../../actions/outcome.ts';
import { fail } from './errors.ts';
import { setCookies, type HttpReply } from './http.ts';
import { parseMe } from './profile-reader.ts';
import { unquote } from './cookie-jar.ts';
import type { Session } from './session.ts';

/** What a PIN challenge needs to be answered later: the verify form and the cookies of that browser. */
interface PendingChallenge {
  action: string;
  fields: Record<string, string>;
  cookies: Record<string, string>;
}

const MOBILE_HEADERS = {
  'user-agent': 'ANDROID OS',
  'x-li-user-agent': 'LIAuthLibrary:0.0.3 com.linkedin.android:4.1.881 Asus_ASUS_Z01QD:android_9',
  'x-user-language': 'en',
  'x-user-locale': 'en_US',
  'accept-language': 'en-us',
};

/**
 * Credential login (login_v2 in a live workspace). First run: the mobile `/uas/authenticate` flow;
 * PASS stores the session cookies, CHALLENGE with a PIN form answers PIN_REQUIRED and keeps the
 * challenge. The engine runs it again with `secrets.pendingPin` once login_code delivered the PIN:
 * that run posts the PIN to `/checkpoint/challenge/verify`.
 */
export async function loginV2(s: Session, email: string): Promise<Outcome<ResultOf<'login_v2'>>> {
  const pin = s.secrets.pendingPin as string | undefined;
  const pending = s.secrets.pendingChallenge as PendingChallenge | undefined;
  if (pin !== undefined) {
    await s.save({ pendingPin: undefined, pendingChallenge: undefined });
    if (!pending) return fail('WRONG_PIN', 'No verification is pending for this account: start again with login_v2.');
    return submitPin(s, email, pending, pin);
  }
  const password = s.secrets.password;
  if (!password) return fail('WRONG_PASSWORD', 'No password is stored for this account.');
  // A run of this login request already posted the password and never finished (its worker died,
  // its answer was lost): posting it again is the riskiest call a client can make (voyager.md §8).
  if (s.secrets.loginPostedBy === s.ctx.requestId) {
    return fail('LINKEDIN_UNREACHABLE', 'An earlier attempt of this login sent the password and was interrupted; welink never sends it twice: start a new login_v2, or connect the account with its cookies.');
  }

  const first = await s.raw('GET', s.url('uas/authenticate'), MOBILE_HEADERS);
  if ('ok' in first) return first;
  const jar = setCookies(first.headers);
  const jsession = jar.JSESSIONID ? unquote(jar.JSESSIONID) : `ajax:${randomBytes(8).readBigUInt64BE() % 10n ** 19n}`;
  const form = new URLSearchParams({ session_key: email, session_password: password, JSESSIONID: `"${jsession}"` }).toString();
  // Recorded (sealed) before the password leaves, so no later run of this request posts it again.
  await s.save({ loginPostedBy: s.ctx.requestId });
  s.credentialsPosted();
  const r = await s.raw('POST', s.url('uas/authenticate'), {
    ...MOBILE_HEADERS,
    'content-type': 'application/x-www-form-urlencoded',
    cookie: s.cookieHeader({ ...jar, JSESSIONID: jsession }),
    'csrf-token': jsession,
  }, form);
  if ('ok' in r) return r;
  Object.assign(jar, setCookies(r.headers));
  if (r.status === 401) return fail('WRONG_PASSWORD', 'LinkedIn refused the email or password.');
  if (r.status === 429 || r.status === 999) {
    return fail('LOGIN_RATE_LIMITED', 'LinkedIn refuses logins from here for now; connect the account with its browser cookies instead.', { accountHold: r.status === 429 ? 'THROTTLED' : 'BOT_SUSPICION' });
  }
  let body: any = null;
  try {
    body = JSON.parse(r.body);
  } catch {
    return fail('LOGIN_FAILED', `LinkedIn answered the login with HTTP ${r.status} and no result.`);
  }
  switch (body?.login_result) {
    case 'PASS':
      return established(s, email, jar);
    case 'BAD_USERNAME_OR_PASSWORD':
    case 'BAD_PASSWORD':
    case 'BAD_EMAIL':
      return fail('WRONG_PASSWORD', 'wrong password');
    case 'CHALLENGE':
      return startChallenge(s, String(body.challenge_url ?? ''), jar);
    default:
      return fail('LOGIN_FAILED', `LinkedIn answered the login with ${String(body?.login_result ?? 'nothing')}.`);
  }
}

async function established(s: Session, email: string, jar: Record<string, string>): Promise<Outcome<ResultOf<'login_v2'>>> {
  if (!jar.li_at || !jar.JSESSIONID) return fail('LOGIN_FAILED', 'LinkedIn accepted the login but set no session cookie.');
  // The whole jar, as the browser would keep it (lidc, bcookie… come with the session).
  await s.save({ cookies: { ...jar, JSESSIONID: unquote(jar.JSESSIONID) }, loginPostedBy: undefined });
  const me = await s.probe();
  if (!me.ok) return me.fail.pauseAccount ? fail('BASIC_INFO_NOT_FOUND', 'The new session could not read its own profile.') : me.fail;
  const p = parseMe(me.me);
  if (!p.profile_id) return fail('OWN_PROFILE_ID_NOT_FOUND', 'LinkedIn did not tell the account its own profile id.');
  return {
    ok: true,
    result: { first_name: p.first_name, last_name: p.last_name, profile_id: p.profile_id, public_identifier: p.public_identifier, premium: p.premium, occupation: p.occupation, email, headline: p.occupation },
  };
}

async function startChallenge(s: Session, challengeUrl: string, jar: Record<string, string>): Promise<Outcome<never>> {
  if (!challengeUrl) return fail('CHECKPOINT_REQUIRED', 'LinkedIn wants a security check this login cannot answer: connect the account with its browser cookies.');
  const at = new URL(challengeUrl, s.url('/'));
  // LinkedIn's absolute challenge URL points at its own host; keep our configured host (tests, relays).
  const page = await s.raw('GET', s.url(`${at.pathname.replace(/^\//, '')}${at.search}`), { cookie: s.cookieHeader(jar), accept: 'text/html' });
  if ('ok' in page) return page;
  Object.assign(jar, setCookies(page.headers));
  const form = parseForm(page);
  if (!form || !('pin' in form.fields || /pin|email|sms|two_?step|verification/i.test(form.fields.challengeType ?? ''))) {
    return fail('CHECKPOINT_REQUIRED', 'LinkedIn wants a check other than a PIN (captcha or app approval): log in in a browser and connect the account with its cookies.');
  }
  delete form.fields.pin;
  await s.save({ pendingChallenge: { action: form.action, fields: form.fields, cookies: jar } satisfies PendingChallenge });
  return fail('PIN_REQUIRED', 'Please provide the verification code sent to the user');
}

async function submitPin(s: Session, email: string, c: PendingChallenge, pin: string): Promise<Outcome<ResultOf<'login_v2'>>> {
  const body = new URLSearchParams({ ...c.fields, pin, language: 'en-US', recognizedDevice: 'on' }).toString();
  const at = new URL(c.action || '/checkpoint/challenge/verify', s.url('/'));
  // The challenge is spent once the code leaves: a lost answer ends the login, it is never re-posted.
  s.credentialsPosted();
  const r = await s.raw('POST', s.url(at.pathname.replace(/^\//, '')), { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookieHeader(c.cookies) }, body);
  if ('ok' in r) return r;
  const jar = { ...c.cookies, ...setCookies(r.headers) };
  if (!jar.li_at) return fail('WRONG_PIN', 'The verification code is wrong.');
  return established(s, email, jar);
}

/** The hidden inputs (and the PIN input, if any) of the challenge page's form. */
function parseForm(page: HttpReply): { action: string; fields: Record<string, string> } | null {
  const html = page.body;
  const formTag = /<form[^>]*action="([^"]*)"[^>]*>/i.exec(html);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    const name = /\bname="([^"]*)"/i.exec(tag)?.[1];
    if (!name) continue;
    fields[name] = decodeEntities(/\bvalue="([^"]*)"/i.exec(tag)?.[1] ?? '');
  }
  if (Object.keys(fields).length === 0) return null;
  return { action: decodeEntities(formTag?.[1] ?? '/checkpoint/challenge/verify'), fields };
}

function decodeEntities(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
