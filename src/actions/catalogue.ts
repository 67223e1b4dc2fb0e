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

/** Every asynchronous LinkedIn action, in documentation order. Adding one here adds its route, docs and dispatch. */
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
] as const satisfies readonly ActionDeclaration<any, any>[];

export type Action = (typeof actions)[number];
export type ActionName = Action['name'];

const byName = new Map<string, ActionDeclaration<any, any>>(actions.map((a) => [a.name, a]));

export function actionByName(name: string): ActionDeclaration<any, any> | undefined {
  return byName.get(name);
}

/** Login actions create or reconnect the account and change its status; an account that is not yet active runs only these. */
export function isLoginAction(action: Pick<ActionDeclaration<any, any>, 'kind'>): boolean {
  return action.kind === 'login';
}
