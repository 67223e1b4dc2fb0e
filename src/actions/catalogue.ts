import type { Static } from '@sinclair/typebox';
import type { BudgetCategory } from './budgets.ts';
import type { ActionDeclaration } from './define.ts';
import { acceptInvitation } from './accept-invitation.ts';
import { commentPost } from './comment-post.ts';
import { connect } from './connect.ts';
import { connections } from './connections.ts';
import { disconnect } from './disconnect.ts';
import { endorse } from './endorse.ts';
import { followProfile } from './follow-profile.ts';
import { getCompanyDetails } from './get-company-details.ts';
import { getConnectionStatus } from './get-connection-status.ts';
import { getProfileContactDetails } from './get-profile-contact-details.ts';
import { getProfileDetails } from './get-profile-details.ts';
import { getProfilePosts } from './get-profile-posts.ts';
import { likePost } from './like-post.ts';
import { loginV2 } from './login-v2.ts';
import { pendingInvites } from './pending-invites.ts';
import { personalMessageThreads } from './personal-message-threads.ts';
import { personalMessages } from './personal-messages.ts';
import { profileViews } from './profile-views.ts';
import { receivedInvitations } from './received-invitations.ts';
import { recruiterContracts } from './recruiter-contracts.ts';
import { searchPeople } from './search-people.ts';
import { sendInmailMessage } from './send-inmail-message.ts';
import { sendMessageToEventMember } from './send-message-to-event-member.ts';
import { sendMessageToGroupMember } from './send-message-to-group-member.ts';
import { sendMessageToProfileId } from './send-message-to-profile-id.ts';
import { sendMessageToSalesNavigatorThread } from './send-message-to-sales-navigator-thread.ts';
import { sendMessageToThread } from './send-message-to-thread.ts';
import { sendRecruiterMessage } from './send-recruiter-message.ts';
import { visitProfile } from './visit-profile.ts';
import { wishBirthday } from './wish-birthday.ts';
import { wishJobChange } from './wish-job-change.ts';
import { wishWorkAnniversary } from './wish-work-anniversary.ts';
import { withdrawInvite } from './withdraw-invite.ts';

/**
 * Every asynchronous LinkedIn action, in documentation order: the one list. Adding one here adds its
 * route, docs and dispatch, and makes both providers' handler tables require a handler for it.
 */
export const actions = [
  loginV2,
  profileViews,
  recruiterContracts,
  connect,
  getConnectionStatus,
  disconnect,
  withdrawInvite,
  connections,
  pendingInvites,
  receivedInvitations,
  acceptInvitation,
  getProfileDetails,
  getProfileContactDetails,
  visitProfile,
  endorse,
  followProfile,
  sendMessageToProfileId,
  sendMessageToThread,
  sendMessageToSalesNavigatorThread,
  sendInmailMessage,
  sendMessageToGroupMember,
  sendMessageToEventMember,
  sendRecruiterMessage,
  personalMessageThreads,
  personalMessages,
  wishWorkAnniversary,
  wishBirthday,
  wishJobChange,
  getProfilePosts,
  likePost,
  commentPost,
  searchPeople,
  getCompanyDetails,
] as const satisfies readonly ActionDeclaration[];

/** Any declaration of the catalogue (a union: narrow it by `name`). */
export type Action = (typeof actions)[number];
export type ActionName = Action['name'];
/** The declaration of one action, by name. */
export type ActionOf<K extends ActionName> = Extract<Action, { name: K }>;
/** The request body an action's handler receives: its input schema's static type (validated at acceptance). */
export type InputOf<K extends ActionName> = Static<ActionOf<K>['input']>;
/** The result an action's handler answers on success: its result schema's static type. */
export type ResultOf<K extends ActionName> = Static<ActionOf<K>['result']>;
/** Input fields of an action that are sealed with the account and never stored with the request. */
export type SecretFieldOf<K extends ActionName> = NonNullable<ActionOf<K>['secretFields']>[number];
/** Actions that change something on LinkedIn (`sideEffect: true`): verified, never blindly re-run, after a crash. */
export type SideEffectActionName = Extract<Action, { sideEffect: true }>['name'];
/** Actions that log an account in (`kind: 'login'`). */
export type LoginActionName = Extract<Action, { kind?: 'login' }>['name'];
/** Every webhook event type an action's outcome emits. */
export type ActionEventType = Action['events']['success'] | Action['events']['failure'];

const byName = new Map<string, Action>(actions.map((a) => [a.name, a]));

export function actionByName(name: string): Action | undefined {
  return byName.get(name);
}

export function isActionName(name: string): name is ActionName {
  return byName.has(name);
}

export function isLoginAction(name: string): name is LoginActionName {
  return byName.get(name)?.kind === 'login';
}

export function isSideEffectAction(name: string): name is SideEffectActionName {
  return byName.get(name)?.sideEffect === true;
}

export const actionNames: readonly ActionName[] = actions.map((a) => a.name);
export const loginActionNames: readonly LoginActionName[] = actionNames.filter(isLoginAction);
export const sideEffectActionNames: readonly SideEffectActionName[] = actionNames.filter(isSideEffectAction);

/** The LinkedIn budgets a request of this action with this input spends (none for reads). */
export function budgetsOf(name: string, input: Record<string, unknown>): readonly BudgetCategory[] {
  const decl = byName.get(name) as { budgets?: (input: Record<string, unknown>) => readonly BudgetCategory[] } | undefined;
  return decl?.budgets?.(input) ?? [];
}
