/**
 * LinkedIn's persisted GraphQL query ids (`<family>.<hash>`) and Rest.li decorations. Hashes and
 * decoration suffixes rotate with LinkedIn deploys; a stale one answers 400 (ENDPOINT_GONE). They are
 * options of the provider so an operator can re-capture them without a release.
 */
export interface QueryIds {
  searchClusters: string;
  profileUpdates: string;
  profileComponents: string;
  identityProfiles: string;
  socialComments: string;
  messengerConversations: string;
  messengerMessages: string;
  profileDecoration: string;
  invitationDecoration: string;
  connectionsDecoration: string;
  companyDecoration: string;
  commentDecoration: string;
}

/** The newest values seen in public clients (voyager.md, dated 2025-2026). */
export const defaultQueryIds: QueryIds = {
  searchClusters: 'voyagerSearchDashClusters.e438ab99259203e9c1cd3f358e217282',
  profileUpdates: 'voyagerFeedDashProfileUpdates.be2623b6c8d9e5ed4e0e6b0d5c0f7d4b',
  profileComponents: 'voyagerIdentityDashProfileComponents.c8c7a8b1e5f0a0b9d7c6e5f4a3b2c1d0',
  identityProfiles: 'voyagerIdentityDashProfiles.2ca312bdbe80fac72fd663a3e06a83e7',
  socialComments: 'voyagerSocialDashComments.a1b2c3d4e5f60718293a4b5c6d7e8f90',
  messengerConversations: 'messengerConversations.0d5e6781bbee71c3e51c8843c6519f48',
  messengerMessages: 'messengerMessages.5846eeb71c981f11e0134cb6626cc314',
  profileDecoration: 'com.linkedin.voyager.dash.deco.identity.profile.WebTopCardCore-19',
  invitationDecoration: 'com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee-2',
  connectionsDecoration: 'com.linkedin.voyager.dash.deco.web.mynetwork.ConnectionListWithProfile-16',
  companyDecoration: 'com.linkedin.voyager.deco.organization.web.WebFullCompanyMain-12',
  commentDecoration: 'com.linkedin.voyager.dash.deco.social.NormComment-43',
};
