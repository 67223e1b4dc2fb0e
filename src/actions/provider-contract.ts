import type { Outcome, RunContext, Verification } from '../providers/types.ts';
import type { ActionDeclaration, ActionInput, ActionResult } from './define.ts';
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
 * The catalogue keyed by literal action name. Declarations type their `name` as a plain string, so
 * the compiler cannot key a table by it; this map restores the literal keys. A test checks that it
 * holds exactly the catalogue, each under its own name.
 */
export const contract = {
  login_v2: loginV2,
  profile_views: profileViews,
  recruiter_contracts: recruiterContracts,
  connect,
  get_connection_status: getConnectionStatus,
  disconnect,
  withdraw_invite: withdrawInvite,
  connections,
  pending_invites: pendingInvites,
  received_invitations: receivedInvitations,
  accept_invitation: acceptInvitation,
  get_profile_details: getProfileDetails,
  get_profile_contact_details: getProfileContactDetails,
  visit_profile: visitProfile,
  endorse,
  follow_profile: followProfile,
  send_message_to_profile_id: sendMessageToProfileId,
  send_message_to_thread: sendMessageToThread,
  send_message_to_sales_navigator_thread: sendMessageToSalesNavigatorThread,
  send_inmail_message: sendInmailMessage,
  send_message_to_group_member: sendMessageToGroupMember,
  send_message_to_event_member: sendMessageToEventMember,
  send_recruiter_message: sendRecruiterMessage,
  personal_message_threads: personalMessageThreads,
  personal_messages: personalMessages,
  wish_work_anniversary: wishWorkAnniversary,
  wish_birthday: wishBirthday,
  wish_job_change: wishJobChange,
  get_profile_posts: getProfilePosts,
  like_post: likePost,
  comment_post: commentPost,
  search_people: searchPeople,
  get_company_details: getCompanyDetails,
} satisfies Record<string, ActionDeclaration<any, any>>;

export type Contract = typeof contract;
export type ContractActionName = keyof Contract;
export type InputOf<K extends ContractActionName> = ActionInput<Contract[K]>;
export type ResultOf<K extends ContractActionName> = ActionResult<Contract[K]>;

/** One action as a provider runs it: the declared input in, the declared result (or a coded failure) out. */
export type ActionHandler<K extends ContractActionName> = (ctx: RunContext, input: InputOf<K>) => Promise<Outcome<ResultOf<K>>>;

/** Whether an interrupted side effect already happened, with the declared result when it did. */
export type ActionVerifier<K extends ContractActionName> = (ctx: RunContext, input: InputOf<K>) => Promise<Verification<ResultOf<K>>>;

/** A provider's run table: one handler for every catalogue action (an unsupported one answers a coded failure). */
export type RunTable = { [K in ContractActionName]: ActionHandler<K> };

/** A provider's verifications, for its side-effecting actions. */
export type VerifyTable = { [K in ContractActionName]?: ActionVerifier<K> };
