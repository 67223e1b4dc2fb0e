import type { Kysely, Transaction } from 'kysely';
import { budgetCategories, defaultCaps, nextRampStep, rampedCap, rampFactor, windowMs, type BudgetCaps, type BudgetCategory, type BudgetWindow } from '../actions/budgets.ts';
import { newId } from '../lib/ids.ts';
import type { Account, Database } from '../store/tables.ts';

/**
 * welink's own budgets: per account and category, caps over rolling windows that stop a request
 * before LinkedIn would say no. Live accounts have them by default (the simulated LinkedIn's numbers,
 * ramped up over a new account's first week; caps its owner sets are taken as they are); a sandbox
 * account has them when its owner sets some with update_account_settings (the sandbox otherwise
 * plays LinkedIn's own limits). Spending is
 * recorded when an action that spends a category succeeds.
 */

type Db = Kysely<Database> | Transaction<Database>;

const WINDOWS: readonly BudgetWindow[] = ['daily', 'weekly', 'monthly'];

/** The owner's caps per category (update_account_settings), null when the defaults apply. */
export type BudgetOverrides = Partial<Record<BudgetCategory, BudgetCaps>>;

export function budgetsApply(account: Pick<Account, 'budgets'>, mode: 'sandbox' | 'live'): boolean {
  return mode === 'live' || account.budgets !== null;
}

/**
 * The caps in force for a category of this account now: the owner's or the default, ramped up if
 * new; `raisedAt` is when the ramp-up next raises them (null for caps that do not ramp).
 */
export function capsFor(
  account: Pick<Account, 'budgets' | 'premium' | 'activated_at'>,
  category: BudgetCategory,
  mode: 'sandbox' | 'live',
  now: number,
): { caps: BudgetCaps; raisedAt: number | null } {
  const overrides = account.budgets ? (JSON.parse(account.budgets) as BudgetOverrides) : {};
  // The owner's own caps are taken as they are; only the defaults ramp up.
  const own = overrides[category];
  if (own) return { caps: own, raisedAt: null };
  const base = defaultCaps(category, account.premium === 1);
  if (mode !== 'live') return { caps: base, raisedAt: null };
  const activatedAt = account.activated_at === null ? null : Number(account.activated_at);
  const factor = rampFactor(activatedAt, now);
  const ramped: BudgetCaps = {};
  for (const w of WINDOWS) if (base[w] !== undefined) ramped[w] = rampedCap(base[w]!, factor);
  return { caps: ramped, raisedAt: nextRampStep(activatedAt, now) };
}

export interface BudgetUse {
  category: BudgetCategory;
  window: BudgetWindow;
  used: number;
  cap: number;
  /** When a slot frees, if the budget is spent now. */
  freesAt: number | null;
}

/**
 * How much of each capped window of a category is used. A spent budget frees when its oldest counted
 * action leaves the window, or earlier when the ramp-up raises the cap (a weekly or 30-day window
 * would otherwise keep a new account's request waiting long after its first week).
 */
export async function budgetUse(db: Db, accountId: string, category: BudgetCategory, { caps, raisedAt }: { caps: BudgetCaps; raisedAt: number | null }, now: number): Promise<BudgetUse[]> {
  const out: BudgetUse[] = [];
  for (const w of WINDOWS) {
    const cap = caps[w];
    if (cap === undefined) continue;
    const rows = await db
      .selectFrom('budget_spend')
      .select('at')
      .where('account_id', '=', accountId)
      .where('category', '=', category)
      .where('at', '>', now - windowMs[w])
      .orderBy('at', 'desc')
      .limit(cap)
      .execute();
    const slotFrees = Number(rows[rows.length - 1]?.at) + windowMs[w];
    out.push({ category, window: w, used: rows.length, cap, freesAt: rows.length >= cap ? Math.min(slotFrees, raisedAt ?? Infinity) : null });
  }
  return out;
}

/** The first spent budget among the categories a request spends, with when it frees; null when there is room. */
export async function spentBudget(
  db: Db,
  account: Pick<Account, 'id' | 'budgets' | 'premium' | 'activated_at'>,
  categories: readonly BudgetCategory[],
  mode: 'sandbox' | 'live',
  now: number,
): Promise<BudgetUse | null> {
  let latest: BudgetUse | null = null;
  for (const category of categories) {
    for (const use of await budgetUse(db, account.id, category, capsFor(account, category, mode, now), now)) {
      if (use.freesAt !== null && (!latest || use.freesAt > latest.freesAt!)) latest = use;
    }
  }
  return latest;
}

/** Records that a request spent these categories (its action succeeded). */
export async function spend(trx: Transaction<Database>, accountId: string, categories: readonly BudgetCategory[], requestId: string, now: number): Promise<void> {
  if (categories.length === 0) return;
  await trx
    .insertInto('budget_spend')
    .values(categories.map((category) => ({ id: newId('bsp', now), account_id: accountId, category, request_id: requestId, at: now })))
    .execute();
}

export interface BudgetLine {
  /** `<category>_<window>`, e.g. invitations_weekly. */
  name: string;
  category: BudgetCategory;
  window: BudgetWindow;
  used: number;
  limit: number;
  /** When a slot frees, if the budget is spent now. */
  resetsAt: string | null;
}

/** Every capped window of every category, for get_ln_account_details and the console. */
export async function budgetReport(db: Db, account: Account, mode: 'sandbox' | 'live', now: number): Promise<BudgetLine[]> {
  const lines: BudgetLine[] = [];
  for (const category of budgetCategories) {
    for (const u of await budgetUse(db, account.id, category, capsFor(account, category, mode, now), now)) {
      lines.push({ name: `${category}_${u.window}`, category, window: u.window, used: u.used, limit: u.cap, resetsAt: u.freesAt === null ? null : new Date(u.freesAt).toISOString() });
    }
  }
  return lines;
}

/** Where a new live account stands in its ramp-up: the share of the caps it has, and from when it has them all. */
export function rampUp(account: Pick<Account, 'activated_at'>, mode: 'sandbox' | 'live', now: number): { factor: number; fullFrom: string } | null {
  if (mode !== 'live' || account.activated_at === null) return null;
  const activatedAt = Number(account.activated_at);
  const factor = rampFactor(activatedAt, now);
  if (factor >= 1) return null;
  let full = nextRampStep(activatedAt, now)!;
  while (rampFactor(activatedAt, full) < 1) full = nextRampStep(activatedAt, full)!;
  return { factor, fullFrom: new Date(full).toISOString() };
}
