import type { TestApp, Tenant } from './app.ts';
import type { FakeLinkedIn } from './fake-linkedin/server.ts';

/** Member ids of the seeded fake LinkedIn. */
export const ADA = 'ACoAAAda0000000000000000000000000000001';
export const BOB = 'ACoAABob0000000000000000000000000000002';
export const CAROL = 'ACoAACarol00000000000000000000000000003';
export const DAN = 'ACoAADan0000000000000000000000000000004';
export const ERIN = 'ACoAAErin000000000000000000000000000005';

/**
 * Seeds a small network: Ada (the account owner, ada@example.com / pw, PIN asked for ada+pin@...),
 * Bob (1st degree, has a post, a conversation with Ada), Carol (2nd degree), Dan (Ada invited him),
 * Erin (invited Ada); one company.
 */
export function seed(fake: FakeLinkedIn): void {
  const st = fake.state;
  st.addMember({ id: ADA, firstName: 'Ada', lastName: 'Lovelace', publicId: 'ada-lovelace', headline: 'Analyst at Engines', premium: false });
  st.addMember({ id: BOB, firstName: 'Bob', lastName: 'Builder', publicId: 'bob-builder', headline: 'Builder at Yard', location: 'Leeds, United Kingdom', company: 'Yard' });
  st.addMember({ id: CAROL, firstName: 'Carol', lastName: 'Danvers', publicId: 'carol-danvers', headline: 'Pilot at Air', location: 'Boston, United States' });
  st.addMember({ id: DAN, firstName: 'Dan', lastName: 'Brown', publicId: 'dan-brown', headline: 'Writer' });
  st.addMember({ id: ERIN, firstName: 'Erin', lastName: 'Builder', publicId: 'erin-builder', headline: 'Builder at Tower' });
  st.connect(ADA, BOB, Date.UTC(2025, 5, 1));
  st.invitations.push({ id: '501', from: ADA, to: DAN, sharedSecret: 's501', sentAt: Date.UTC(2025, 11, 1), note: null, state: 'PENDING' });
  st.invitations.push({ id: '502', from: ERIN, to: ADA, sharedSecret: 's502', sentAt: Date.UTC(2025, 11, 2), note: 'Hi Ada', state: 'PENDING' });
  st.conversations.push({ threadId: '2-adabob', participants: [ADA, BOB], createdAt: Date.UTC(2025, 6, 1), lastActivityAt: Date.UTC(2025, 6, 2) });
  st.messages.push({ id: '2-m1', threadId: '2-adabob', sender: BOB, text: 'Hello Ada!', deliveredAt: Date.UTC(2025, 6, 2), originToken: 'bob-token-1', subtype: null });
  st.posts.push({ activityId: '7300000000000000001', author: BOB, text: 'Built a shed today.', likes: 3 });
  st.companies.push({ id: '4242', universalName: 'analytical-engines', name: 'Analytical Engines Ltd', description: 'We compute.', staffCount: 120, followerCount: 5000, industry: 'Machinery', city: 'London', country: 'GB' });
  st.credentials.set('ada@example.com', { email: 'ada@example.com', password: 'pw', memberId: ADA });
  st.credentials.set('ada+pin@example.com', { email: 'ada+pin@example.com', password: 'pw', memberId: ADA, pin: '246810' });
  st.credentials.set('ada+captcha@example.com', { email: 'ada+captcha@example.com', password: 'pw', memberId: ADA, captcha: true });
}

/** Connects Ada's account through the API with a fresh browser session of the fake. */
export async function connectAda(t: TestApp, tenant: Tenant, fake: FakeLinkedIn, extra: Record<string, unknown> = {}): Promise<{ accountId: string; cookies: { li_at: string; JSESSIONID: string } }> {
  const cookies = fake.state.login(ADA);
  const res = await tenant.post('connect_account_cookies', { email: 'ada@example.com', ...cookies, ...extra });
  if (res.status !== 200) throw new Error(`connect_account_cookies answered ${res.status}: ${JSON.stringify(res.body)}`);
  // These tests are about the provider and LinkedIn's answers: welink's own budgets (and the ramp-up
  // of a new account) would stop requests before LinkedIn sees them. Those are tested on their own.
  const roomy = { daily: 100_000, weekly: 100_000, monthly: 100_000 };
  const budgets = Object.fromEntries(['invitations', 'invitation_notes', 'messages', 'inmails', 'profile_views', 'searches', 'engagement'].map((c) => [c, roomy]));
  const set = await tenant.post('update_account_settings', { accountId: res.body.accountId, budgets });
  if (set.status !== 200) throw new Error(`update_account_settings answered ${set.status}: ${JSON.stringify(set.body)}`);
  return { accountId: res.body.accountId, cookies };
}
