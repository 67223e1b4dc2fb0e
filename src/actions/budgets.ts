/**
 * Categories of LinkedIn actions that LinkedIn (and welink, before LinkedIn says no) limits on their
 * own: a refusal or an exhausted budget in one category holds only that category's requests; the
 * account's other requests go on.
 */
export type BudgetCategory = 'invitations' | 'invitation_notes' | 'messages' | 'inmails' | 'profile_views' | 'searches' | 'engagement';

export const budgetCategories: readonly BudgetCategory[] = ['invitations', 'invitation_notes', 'messages', 'inmails', 'profile_views', 'searches', 'engagement'];

/** The windows a budget caps: a rolling day, week and 30 days. */
export type BudgetWindow = 'daily' | 'weekly' | 'monthly';

export const windowMs: Record<BudgetWindow, number> = { daily: 86_400_000, weekly: 7 * 86_400_000, monthly: 30 * 86_400_000 };

/** Caps of one category; a window left out is not capped. */
export type BudgetCaps = Partial<Record<BudgetWindow, number>>;

/**
 * LinkedIn's own limits per account and rolling window, as the simulated LinkedIn plays them
 * (docs/sandbox.md): the sandbox refuses past them, and welink's default caps for live accounts
 * start from them. Said once here so the two cannot drift apart.
 */
export const linkedinLimits = {
  invitations: { window: 'weekly', free: 100, premium: 200 },
  invitation_notes: { window: 'monthly', free: 5, premium: Infinity },
  profile_views: { window: 'daily', free: 100, premium: 250 },
  messages: { window: 'daily', free: 150, premium: 150 },
} as const satisfies Partial<Record<BudgetCategory, { window: BudgetWindow; free: number; premium: number }>>;

function linkedinCap(category: keyof typeof linkedinLimits, premium: boolean): BudgetCaps {
  const l = linkedinLimits[category];
  const cap: number = premium ? l.premium : l.free;
  return Number.isFinite(cap) ? { [l.window]: cap } : {};
}

/**
 * welink's default caps for live accounts, per account and rolling window: LinkedIn's limits as the
 * simulated LinkedIn plays them, plus windows of We-Link's published recommendations (welink-api.md
 * section 4) where it has none, kept on the careful side. Premium accounts get LinkedIn's higher
 * invitation and profile-view budgets.
 */
export function defaultCaps(category: BudgetCategory, premium: boolean): BudgetCaps {
  switch (category) {
    case 'invitations':
      return { daily: premium ? 40 : 20, ...linkedinCap('invitations', premium) };
    case 'invitation_notes':
      return linkedinCap('invitation_notes', premium);
    case 'messages':
      return { ...linkedinCap('messages', premium), weekly: 600 };
    case 'inmails':
      return { daily: 25 };
    case 'profile_views':
      return { ...linkedinCap('profile_views', premium), weekly: premium ? 1000 : 500 };
    case 'searches':
      return { daily: 100, weekly: 500 };
    case 'engagement':
      return { daily: 100, weekly: 500 };
  }
}

const DAY = 86_400_000;

/**
 * Ramp-up of a newly connected live account: LinkedIn watches new automation on an account most
 * closely, so caps start at a quarter and reach full after a week (days since the account first
 * became ACTIVE; at least 1 action per window).
 */
const RAMP: readonly { fromDay: number; factor: number }[] = [
  { fromDay: 0, factor: 0.25 },
  { fromDay: 2, factor: 0.5 },
  { fromDay: 4, factor: 0.75 },
  { fromDay: 7, factor: 1 },
];

/** The share of the default caps an account activated at `activatedAt` has at `now`. */
export function rampFactor(activatedAt: number | null, now: number): number {
  if (activatedAt === null) return 1;
  const days = Math.floor((now - activatedAt) / DAY);
  let factor = RAMP[0].factor;
  for (const s of RAMP) if (days >= s.fromDay) factor = s.factor;
  return factor;
}

/** When the ramp-up next raises the caps; null once they are full. */
export function nextRampStep(activatedAt: number | null, now: number): number | null {
  if (activatedAt === null) return null;
  const next = RAMP.find((s) => activatedAt + s.fromDay * DAY > now);
  return next ? activatedAt + next.fromDay * DAY : null;
}

export function rampedCap(cap: number, factor: number): number {
  return Math.max(1, Math.floor(cap * factor));
}

/** How long a category waits after LinkedIn refused it without saying until when. */
export function defaultCategoryHoldMs(category: BudgetCategory): number {
  switch (category) {
    case 'invitations':
      return 3 * 86_400_000; // then one probe: the first invitation queued runs, and holds again if refused
    case 'invitation_notes':
    case 'inmails':
      return 7 * 86_400_000;
    default:
      return 86_400_000;
  }
}
