/**
 * The linkedin.com page a call is made from, as the web app would: its page key goes into
 * `x-li-page-instance` (`urn:li:page:<key>;<instance>`) and its URL into `referer`. Keys seen in
 * public captures: `d_flagship3_profile_view_base`, `messaging_index` (voyager.md §1.1),
 * `d_flagship3_people_connections`, `d_flagship3_search_srp_*` (browser-extension headers); the
 * others follow the same naming [U]. None of these headers is proven required (voyager.md §8).
 */
export interface Page {
  key: string;
  /** Path on https://www.linkedin.com (the referer). */
  path: string;
}

const seg = (v: string) => encodeURIComponent(v);

export const pages = {
  feed: (): Page => ({ key: 'd_flagship3_feed', path: '/feed/' }),
  profile: (slugOrId: string): Page => ({ key: 'd_flagship3_profile_view_base', path: `/in/${seg(slugOrId)}/` }),
  activity: (slugOrId: string): Page => ({ key: 'd_flagship3_profile_view_base_recent_activity_content_view', path: `/in/${seg(slugOrId)}/recent-activity/all/` }),
  post: (activityUrn: string): Page => ({ key: 'd_flagship3_detail_base', path: `/feed/update/${activityUrn}/` }),
  messaging: (threadId?: string): Page => ({ key: 'messaging_index', path: threadId ? `/messaging/thread/${seg(threadId)}/` : '/messaging/' }),
  search: (keywords: string): Page => ({ key: 'd_flagship3_search_srp_people', path: `/search/results/people/?keywords=${seg(keywords)}&origin=GLOBAL_SEARCH_HEADER` }),
  connections: (): Page => ({ key: 'd_flagship3_people_connections', path: '/mynetwork/invite-connect/connections/' }),
  sentInvitations: (): Page => ({ key: 'd_flagship3_people_invitations', path: '/mynetwork/invitation-manager/sent/' }),
  receivedInvitations: (): Page => ({ key: 'd_flagship3_people_invitations', path: '/mynetwork/invitation-manager/received/' }),
  company: (slug: string): Page => ({ key: 'd_flagship3_company', path: `/company/${seg(slug)}/` }),
  profileViews: (): Page => ({ key: 'd_flagship3_me_wvmp', path: '/me/profile-views/' }),
};
