/**
 * LinkedIn's persisted GraphQL query ids (`<family>.<32-hex hash>`), Rest.li decorations
 * (`<name>-<N>`) and the web client's version (sent in `x-li-track`). All three rotate with
 * LinkedIn's deploys; a stale query id or decoration answers 400 (ENDPOINT_GONE). They are data:
 * the defaults below ship with welink, the deployment's own values (table `linkedin_query_ids`,
 * filled by `welink live import-har`) override them.
 */
export interface QueryIds {
  searchClusters: string;
  profileUpdates: string;
  identityProfiles: string;
  /** No public capture gives a full hash: empty until a HAR import finds one (comment verification needs it). */
  socialComments: string;
  messengerConversations: string;
  messengerConversationsByCategory: string;
  messengerMessages: string;
  profileDecoration: string;
  invitationDecoration: string;
  connectionsDecoration: string;
  companyDecoration: string;
  commentDecoration: string;
  reactionsDecoration: string;
  memberRelationshipDecoration: string;
  clientVersion: string;
}

export type QueryIdKey = keyof QueryIds;

/**
 * What each value is and how a HAR entry is recognised as carrying it: a persisted query by its
 * family and the variable names that tell its variants apart; a decoration by its name without
 * the `-N` suffix; the client version from the `x-li-track` header. `source` says where the
 * default comes from (confidence marks as in voyager.md).
 */
export type QueryIdFact =
  | { kind: 'queryId'; family: string; requires: readonly string[]; forbids?: readonly string[]; usedBy: string; source: string }
  | { kind: 'decoration'; name: string; usedBy: string; source: string }
  | { kind: 'clientVersion'; usedBy: string; source: string };

export const queryIdFacts: Record<QueryIdKey, QueryIdFact> = {
  searchClusters: { kind: 'queryId', family: 'voyagerSearchDashClusters', requires: ['query'], usedBy: 'search_people', source: '[S] TS toolkit capture 2026-09' },
  profileUpdates: { kind: 'queryId', family: 'voyagerFeedDashProfileUpdates', requires: ['profileUrn'], usedBy: 'get_profile_posts', source: '[S] voyager.md §8 (2026-09 capture)' },
  identityProfiles: {
    kind: 'queryId',
    family: 'voyagerIdentityDashProfiles',
    requires: ['memberIdentity'],
    usedBy: 'get_profile_contact_details',
    source: '[S] voyager.md §8; the `2ca312bd…` query of the same family is keyed by vanityName',
  },
  socialComments: { kind: 'queryId', family: 'voyagerSocialDashComments', requires: ['socialDetailUrn'], usedBy: 'comment_post verification', source: 'none: no public capture' },
  messengerConversations: {
    kind: 'queryId',
    family: 'messengerConversations',
    requires: ['mailboxUrn'],
    forbids: ['query', 'syncToken', 'lastUpdatedBefore', 'nextCursor'],
    usedBy: 'personal_message_threads (first page), inbox sync',
    source: '[C] many clients 2025-2026',
  },
  messengerConversationsByCategory: {
    kind: 'queryId',
    family: 'messengerConversations',
    requires: ['query', 'mailboxUrn'],
    usedBy: 'personal_message_threads (later pages), inbox sync',
    source: '[S] 2026-09 capture; voyager.md §3.5',
  },
  messengerMessages: {
    kind: 'queryId',
    family: 'messengerMessages',
    requires: ['deliveredAt', 'conversationUrn', 'countBefore'],
    usedBy: 'personal_messages, message verification, inbox sync',
    source: '[S] voyager.md §8 (2026-09 capture)',
  },
  profileDecoration: { kind: 'decoration', name: 'com.linkedin.voyager.dash.deco.identity.profile.WebTopCardCore', usedBy: 'every profile read', source: '[C] voyager.md §3.1' },
  invitationDecoration: {
    kind: 'decoration',
    name: 'com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee',
    usedBy: 'connect',
    source: '[C] tomquirk, geekloom capture 2024-08, TS toolkit 2026-09',
  },
  connectionsDecoration: { kind: 'decoration', name: 'com.linkedin.voyager.dash.deco.web.mynetwork.ConnectionListWithProfile', usedBy: 'connections, connection sync', source: '[C] voyager.md §3.2' },
  companyDecoration: { kind: 'decoration', name: 'com.linkedin.voyager.deco.organization.web.WebFullCompanyMain', usedBy: 'get_company_details', source: '[C] voyager.md §3.6' },
  commentDecoration: { kind: 'decoration', name: 'com.linkedin.voyager.dash.deco.social.NormComment', usedBy: 'comment_post', source: '[U] voyager.md §3.4' },
  reactionsDecoration: { kind: 'decoration', name: 'com.linkedin.voyager.dash.deco.social.ReactionsByTypeWithProfileActions', usedBy: 'like_post verification', source: '[C] voyager.md §3.4' },
  memberRelationshipDecoration: {
    kind: 'decoration',
    name: 'com.linkedin.voyager.dash.deco.relationships.MemberRelationship',
    usedBy: 'disconnect',
    source: "[S] Unipile's raw-route documentation of removeFromMyConnections, and one browser extension",
  },
  clientVersion: { kind: 'clientVersion', usedBy: 'x-li-track on every call', source: '[U] the newest value seen in a public client (2026); LinkedIn changes it with every deploy' },
};

export const queryIdKeys = Object.keys(queryIdFacts) as QueryIdKey[];

/** The newest values seen in public sources (voyager.md §8, dated 2026). */
export const defaultQueryIds: QueryIds = {
  searchClusters: 'voyagerSearchDashClusters.e438ab99259203e9c1cd3f358e217282',
  profileUpdates: 'voyagerFeedDashProfileUpdates.be2623b61657a92a693eb8d9c67aeec0',
  identityProfiles: 'voyagerIdentityDashProfiles.13618f886ce95bf503079f49245fbd6f',
  socialComments: '',
  messengerConversations: 'messengerConversations.0d5e6781bbee71c3e51c8843c6519f48',
  messengerConversationsByCategory: 'messengerConversations.9501074288a12f3ae9e3c7ea243bccbf',
  messengerMessages: 'messengerMessages.d8ea76885a52fd5dc5c317078ab7c977',
  profileDecoration: 'com.linkedin.voyager.dash.deco.identity.profile.WebTopCardCore-19',
  invitationDecoration: 'com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee-2',
  connectionsDecoration: 'com.linkedin.voyager.dash.deco.web.mynetwork.ConnectionListWithProfile-16',
  companyDecoration: 'com.linkedin.voyager.deco.organization.web.WebFullCompanyMain-12',
  commentDecoration: 'com.linkedin.voyager.dash.deco.social.NormComment-43',
  reactionsDecoration: 'com.linkedin.voyager.dash.deco.social.ReactionsByTypeWithProfileActions-13',
  memberRelationshipDecoration: 'com.linkedin.voyager.dash.deco.relationships.MemberRelationship-34',
  clientVersion: '1.13.42372',
};

export const isQueryIdKey = (k: string): k is QueryIdKey => Object.hasOwn(queryIdFacts, k);

/** Whether `value` has the shape of `key`'s kind (a stored row that does not is ignored). */
export function validQueryIdValue(key: QueryIdKey, value: string): boolean {
  const fact = queryIdFacts[key];
  switch (fact.kind) {
    case 'queryId':
      return value.startsWith(`${fact.family}.`) && /^[0-9a-f]{32}$/.test(value.slice(fact.family.length + 1));
    case 'decoration':
      return value.startsWith(`${fact.name}-`) && /^\d{1,4}$/.test(value.slice(fact.name.length + 1));
    case 'clientVersion':
      return /^\d{1,3}\.\d{1,3}\.\d{1,7}$/.test(value);
  }
}
