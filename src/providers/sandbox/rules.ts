import { createHash } from 'node:crypto';
import { linkedinLimits, windowMs } from '../../actions/budgets.ts';

/** LinkedIn's rules as the sandbox applies them (documented in docs/sandbox.md). */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** One of LinkedIn's limits (actions/budgets.ts, shared with welink's default caps) as the sandbox counts it. */
function limit<C extends keyof typeof linkedinLimits>(category: C) {
  const l = linkedinLimits[category];
  return { windowMs: windowMs[l.window], free: l.free as number, premium: l.premium as number, category };
}

/** Rolling-window budgets; a request over one waits (retryAt) until the oldest counted action leaves the window. */
export const BUDGETS = {
  invitations: { ...limit('invitations'), code: 'WEEKLY_INVITATION_LIMIT', what: 'invitations per week' },
  notes: { ...limit('invitation_notes'), code: 'MONTHLY_NOTE_LIMIT', what: 'invitations with a note per month (free accounts)' },
  profileViews: { ...limit('profile_views'), code: 'DAILY_PROFILE_VIEW_LIMIT', what: 'profile views per day' },
  messages: { ...limit('messages'), code: 'DAILY_MESSAGE_LIMIT', what: 'messages per day' },
} as const;

export type BudgetName = keyof typeof BUDGETS;

/** InMail credits per rolling 30 days. */
export function inmailCredits(t: { premium: boolean; salesNavigator: boolean; recruiter: boolean }): number {
  return t.recruiter ? 150 : t.salesNavigator ? 50 : t.premium ? 5 : 0;
}
export const INMAIL_WINDOW_MS = 30 * DAY;

/** After withdrawing an invitation, the same person cannot be invited again for this long. */
export const REINVITE_COOLDOWN_MS = 21 * DAY;
/** An invitation nobody answers is dropped (IGNORED) after this long. */
export const INVITATION_EXPIRY_MS = 21 * DAY;

/** A number in [0, 1) fixed by the seed and the parts: the sandbox's deterministic dice. */
export function dice(seed: string, ...parts: string[]): number {
  const h = createHash('sha256').update([seed, ...parts].join('\u0000')).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

export function hashHex(seed: string, ...parts: string[]): string {
  return createHash('sha256').update([seed, ...parts].join('\u0000')).digest('hex');
}

export type Audience = 'world' | 'adhoc' | 'ignores';

/**
 * What an invitee does and when (fixed by the seed, the account's email and the invitee). World members accept three times in four, 2 to 72 hours later;
 * ad-hoc test profiles always accept after one hour; `ignores...` profiles never do.
 */
export function invitationFate(seed: string, audience: Audience, email: string, profileId: string, sentAt: number): { resolution: 'ACCEPT' | 'IGNORE'; at: number } {
  if (audience === 'adhoc') return { resolution: 'ACCEPT', at: sentAt + HOUR };
  if (audience === 'ignores') return { resolution: 'IGNORE', at: sentAt + INVITATION_EXPIRY_MS };
  const accepts = dice(seed, 'accept', email, profileId) < 0.75;
  if (!accepts) return { resolution: 'IGNORE', at: sentAt + INVITATION_EXPIRY_MS };
  const hours = 2 + Math.floor(dice(seed, 'accept-delay', email, profileId) * 71);
  return { resolution: 'ACCEPT', at: sentAt + hours * HOUR };
}

/**
 * When the contact answers a message (null: never). World members answer 60% of conversations 1 to
 * 24 hours later; ad-hoc test profiles answer every message two hours later; `ignores...` never.
 */
export function replyFate(seed: string, audience: Audience, email: string, profileId: string, sentAt: number): number | null {
  if (audience === 'adhoc') return sentAt + 2 * HOUR;
  if (audience === 'ignores') return null;
  if (dice(seed, 'reply', email, profileId, String(sentAt)) >= 0.6) return null;
  return sentAt + (1 + Math.floor(dice(seed, 'reply-delay', email, profileId, String(sentAt)) * 24)) * HOUR;
}

const REPLIES = [
  'Thanks for reaching out! Happy to chat, how does Thursday look?',
  'Hi, thanks for the message. Could you send me a few more details?',
  'Appreciate it! I am travelling this week, can we talk next week?',
  'Thanks, sounds interesting. Let me check with my team and get back to you.',
  'Hello! Great to connect. What did you have in mind?',
];

export function replyText(seed: string, threadId: string, messageId: string): string {
  return REPLIES[Math.floor(dice(seed, 'reply-text', threadId, messageId) * REPLIES.length)];
}
