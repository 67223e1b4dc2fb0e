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
 * welink's default caps for live accounts, per account and rolling window: the simulated LinkedIn's
 * own numbers (docs/sandbox.md) where it has them, and We-Link's published recommendations
 * (welink-api.md section 4) for the rest, kept on the careful side. Premium accounts get LinkedIn's
 * higher invitation and profile-view budgets.
 */
export function defaultCaps(category: BudgetCategory, premium: boolean): BudgetCaps {
  switch (category) {
    case 'invitations':
      return premium ? { daily: 40, weekly: 200 } : { daily: 20, weekly: 100 };
    case 'invitation_notes':
      return premium ? {} : { monthly: 5 };
    case 'messages':
      return { daily: 150, weekly: 600 };
    case 'inmails':
      return { daily: 25 };
    case 'profile_views':
      return premium ? { daily: 250, weekly: 1000 } : { daily: 100, weekly: 500 };
    case 'searches':
      return { daily: 100, weekly: 500 };
    case 'engagement':
      return { daily: 100, weekly: 500 };
  }
}

/**
 * Ramp-up of a newly connected live account: LinkedIn watches new automation on an account most
 * closely, so caps start at a quarter and reach full after a week: days 0-1 at 25 %, 2-3 at 50 %,
 * 4-6 at 75 %, from day 7 at 100 % (days since the account first became ACTIVE; at least 1 action).
 */
export function rampFactor(activatedAt: number | null, now: number): number {
  if (activatedAt === null) return 1;
  const days = Math.floor((now - activatedAt) / 86_400_000);
  return days < 2 ? 0.25 : days < 4 ? 0.5 : days < 7 ? 0.75 : 1;
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
