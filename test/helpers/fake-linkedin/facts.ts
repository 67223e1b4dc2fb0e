/**
 * What the fake LinkedIn accepts, written from the public captures, NOT from the client's
 * defaults (src/providers/live/query-ids.ts is never imported here): a client that sends an id,
 * a decoration or variables LinkedIn would refuse gets LinkedIn's answer (400) and its test fails.
 * Each entry names its source; voyager.md is ../shared/docs/voyager.md.
 */

/** One persisted GraphQL query LinkedIn serves: its variables and the field its answer sits under. */
export interface PersistedQuery {
  family: string;
  hash: string;
  /** Variable names LinkedIn requires; any other name than these and `optional` is refused. */
  required: string[];
  optional: string[];
  /** Path it is served on. */
  path: 'graphql' | 'voyagerMessagingGraphQL/graphql';
  /** The answer it gives (a deploy changes the hash, not the answer). */
  answers: 'search' | 'profileUpdates' | 'contactDetails' | 'profileByVanityName' | 'conversationsRecent' | 'conversationsByCategory' | 'messagesByAnchor' | 'comments';
  source: string;
}

export const persistedQueries: PersistedQuery[] = [
  {
    // voyager.md §3.3: hash of a 2026-09 capture (TS toolkit); variables as tomquirk/StaffSpy send them.
    family: 'voyagerSearchDashClusters',
    hash: 'e438ab99259203e9c1cd3f358e217282',
    required: ['start', 'origin', 'query'],
    optional: ['count'],
    path: 'graphql',
    answers: 'search',
    source: 'voyager.md §3.3, §8',
  },
  {
    // voyager.md §8: "voyagerFeedDashProfileUpdates.be2623b61657a92a693eb8d9c67aeec0" [S]; variables §3.4.
    family: 'voyagerFeedDashProfileUpdates',
    hash: 'be2623b61657a92a693eb8d9c67aeec0',
    required: ['count', 'start', 'profileUrn'],
    optional: ['paginationToken'],
    path: 'graphql',
    answers: 'profileUpdates',
    source: 'voyager.md §8',
  },
  {
    // voyager.md §8: contact details on 13618f88… with (memberIdentity,count) [S].
    family: 'voyagerIdentityDashProfiles',
    hash: '13618f886ce95bf503079f49245fbd6f',
    required: ['memberIdentity'],
    optional: ['count'],
    path: 'graphql',
    answers: 'contactDetails',
    source: 'voyager.md §8',
  },
  {
    // voyager.md §8: "2ca312bd is a light query keyed by vanityName" [S] (the old client sent memberIdentity to it).
    family: 'voyagerIdentityDashProfiles',
    hash: '2ca312bdbe80fac72fd663a3e06a83e7',
    required: ['vanityName'],
    optional: [],
    path: 'graphql',
    answers: 'profileByVanityName',
    source: 'voyager.md §8',
  },
  {
    // voyager.md §3.5 and §8: the first inbox page, mailboxUrn only, "seen 2025–2026 in many clients" [C].
    family: 'messengerConversations',
    hash: '0d5e6781bbee71c3e51c8843c6519f48',
    required: ['mailboxUrn'],
    optional: [],
    path: 'voyagerMessagingGraphQL/graphql',
    answers: 'conversationsRecent',
    source: 'voyager.md §3.5, §8',
  },
  {
    // voyager.md §3.5: "9501074288a12f3ae9e3c7ea243bccbf (category with cursor, 2026-09)"; older pages
    // with lastUpdatedBefore (public inbox clients page back this way) or nextCursor.
    family: 'messengerConversations',
    hash: '9501074288a12f3ae9e3c7ea243bccbf',
    required: ['query', 'mailboxUrn'],
    optional: ['count', 'nextCursor', 'lastUpdatedBefore'],
    path: 'voyagerMessagingGraphQL/graphql',
    answers: 'conversationsByCategory',
    source: 'voyager.md §3.5, §8',
  },
  {
    // voyager.md §8: messengerMessages.d8ea7688… with (deliveredAt, conversationUrn, countBefore, countAfter) [S].
    // The older 5846eeb7… "answered 400 in a 2026-09 probe": it is not listed, so it answers 400 here too.
    family: 'messengerMessages',
    hash: 'd8ea76885a52fd5dc5c317078ab7c977',
    required: ['deliveredAt', 'conversationUrn', 'countBefore'],
    optional: ['countAfter'],
    path: 'voyagerMessagingGraphQL/graphql',
    answers: 'messagesByAnchor',
    source: 'voyager.md §8',
  },
];

/**
 * Decorations LinkedIn serves per endpoint. A listed endpoint answers 400 to any other decoration
 * ("an old one can answer 400", eilonmore #368); some accept none at all.
 */
export const decorations: Record<string, { accepted: string[]; optional: boolean; source: string }> = {
  'identity/dash/profiles': {
    accepted: [
      'com.linkedin.voyager.dash.deco.identity.profile.WebTopCardCore-19',
      'com.linkedin.voyager.dash.deco.identity.profile.FullProfile-76',
      'com.linkedin.voyager.dash.deco.identity.profile.FullProfileWithEntities-96',
    ],
    optional: false,
    source: 'voyager.md §3.1 (2026-07/09 captures)',
  },
  voyagerRelationshipsDashMemberRelationships: {
    accepted: ['com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee-2', 'com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee-1'],
    // "Without the decoration the call succeeds but the body is thinner" (voyager.md §3.2).
    optional: true,
    source: 'voyager.md §3.2 (geekloom capture 2024-08, StaffSpy)',
  },
  'relationships/dash/connections': {
    accepted: ['com.linkedin.voyager.dash.deco.web.mynetwork.ConnectionListWithProfile-16'],
    optional: false,
    source: 'voyager.md §3.2',
  },
  'relationships/dash/memberRelationships': {
    accepted: ['com.linkedin.voyager.dash.deco.relationships.MemberRelationship-34'],
    optional: true,
    source: "Unipile's raw-route documentation of removeFromMyConnections; one browser extension",
  },
  'organization/companies': {
    accepted: ['com.linkedin.voyager.deco.organization.web.WebFullCompanyMain-12'],
    optional: false,
    source: 'voyager.md §3.6 (still served 2026-09)',
  },
  voyagerSocialDashNormComments: {
    accepted: ['com.linkedin.voyager.dash.deco.social.NormComment-43'],
    optional: true,
    source: 'voyager.md §3.4',
  },
  voyagerSocialDashReactions: {
    accepted: ['com.linkedin.voyager.dash.deco.social.ReactionsByTypeWithProfileActions-13'],
    // The reaction create (POST ?threadUrn=) carries none.
    optional: true,
    source: 'voyager.md §3.4',
  },
};

/**
 * The web client versions the fake's `x-li-track` check accepts: any `1.13.N` (voyager.md §1.1 shows
 * the form `1.13.NNNNN`; beeper reads it from the page's serviceVersion meta tag).
 */
export const clientVersionPattern = /^1\.13\.\d+$/;
