/**
 * Categories of LinkedIn actions that LinkedIn (and welink, before LinkedIn says no) limits on their
 * own: a refusal or an exhausted budget in one category holds only that category's requests; the
 * account's other requests go on.
 */
export type BudgetCategory = 'invitations' | 'invitation_notes' | 'messages' | 'inmails' | 'profile_views' | 'searches' | 'engagement';

export const budgetCategories: readonly BudgetCategory[] = ['invitations', 'invitation_notes', 'messages', 'inmails', 'profile_views', 'searches', 'engagement'];
