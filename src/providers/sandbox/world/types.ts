/**
 * The shapes of the sandbox world. Field names follow We-Link's results (snake_case, `profile_id`,
 * `public_identifier`, ...) so actions can return them with little or no mapping. Everything is
 * read-only: one world is cached and shared by every caller (objects are frozen).
 */

export interface Location {
  city: string;
  /** English country name, e.g. "Germany". */
  country: string;
  /** ISO 3166 alpha-2, e.g. "DE". */
  country_code: string;
  /** How LinkedIn displays it: "Munich, Germany". */
  name: string;
}

export interface MonthDay {
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

export interface CompanyRef {
  company_id: string;
  name: string;
}

/** What a 1st-degree connection sees in the contact-info panel; null = not shared. */
export interface ContactDetails {
  email: string | null;
  phone: string | null;
}

export interface Profile {
  /** LinkedIn member id in URN style: "ACoAA" + 34 characters. */
  profile_id: string;
  /** The vanity slug of the profile URL: "ada-lovelace-3f9a1". */
  public_identifier: string;
  /** https://www.linkedin.com/in/<public_identifier> */
  profile_url: string;
  first_name: string;
  last_name: string;
  full_name: string;
  headline: string;
  /** "<title> at <company>", as LinkedIn's mini profile shows it. */
  occupation: string;
  title: string;
  company: CompanyRef;
  location: Location;
  industry: string;
  /** 3 to 10 skills. */
  skills: readonly string[];
  about: string;
  premium: boolean;
  /** Open Profile: any member may message them without InMail credits (premium members only). */
  open_profile: boolean;
  /** Profile photo on a fake host, or null when the member has none. */
  image: string | null;
  birthday: MonthDay;
  /** Start date of the current job. */
  job_started_on: { year: number; month: number; day: number };
  /** Month and day of job_started_on. */
  work_anniversary: MonthDay;
  /** Started the current job within the 90 days before WORLD_EPOCH. */
  recent_job_change: boolean;
  contact: ContactDetails;
  /** 1st-degree connections inside the world (sandbox accounts not counted). */
  connection_count: number;
  follower_count: number;
}

export interface Post {
  /** urn:li:activity:<19 digits>; the digits encode posted_at like LinkedIn's ids do. */
  post_id: string;
  /** https://www.linkedin.com/feed/update/<post_id>/ */
  url: string;
  author_profile_id: string;
  text: string;
  /** Milliseconds since the Unix epoch, always before WORLD_EPOCH. */
  posted_at: number;
  like_count: number;
  comment_count: number;
  repost_count: number;
}

export interface Company {
  /** Numeric string, as in urn:li:fsd_company:<id>. */
  company_id: string;
  name: string;
  /** The slug of the company page URL. */
  universal_name: string;
  /** https://www.linkedin.com/company/<universal_name>/ */
  url: string;
  industry: string;
  /** LinkedIn's size range, e.g. "51-200" or "10,001+". */
  size: string;
  headquarters: Location;
  /** https://<universal_name>.example */
  website: string;
  description: string;
  founded_year: number;
  follower_count: number;
  /** Logo on a fake host. */
  logo: string;
}

export interface Group {
  /** Numeric string, as in https://www.linkedin.com/groups/<id>/ */
  group_id: string;
  name: string;
  description: string;
  url: string;
  member_profile_ids: readonly string[];
}

/** A LinkedIn event page (named so as not to clash with DOM or webhook events). */
export interface WorldEvent {
  /** 19-digit numeric string, as in https://www.linkedin.com/events/<id>/ */
  event_id: string;
  name: string;
  description: string;
  url: string;
  /** Milliseconds since the Unix epoch, within 60 days of WORLD_EPOCH. */
  starts_at: number;
  organizer_company_id: string;
  /** Attendees. */
  member_profile_ids: readonly string[];
}

/** The logged-in sandbox member of one email: a profile outside the world, connected into it. */
export interface SelfProfile extends Profile {
  /** The email it was derived from, trimmed and lower-cased. */
  email: string;
  /** Profile ids of its 1st-degree connections (world profiles), sorted. */
  connection_ids: readonly string[];
}

/** Network distance from a sandbox member; null (elsewhere) means out of network. */
export type Degree = 1 | 2 | 3;

/** LinkedIn's network facet: F = 1st, S = 2nd, O = 3rd and beyond (out of network included). */
export type NetworkFacet = 'F' | 'S' | 'O';

export interface PeopleSearchQuery {
  /** Words that must all appear (case- and accent-insensitive word prefixes) in the name, headline, title, company or skills. */
  keywords?: string;
  /** Any of these degrees; absent or empty = everyone. */
  network?: readonly NetworkFacet[];
  /** A company id (exact) or part of a company name. */
  company?: string;
  /** A country code ("DE") or words of the location ("munich", "united kingdom"). */
  location?: string;
  /** Offset of the first result; LinkedIn never returns anything at index 1,000 or beyond. */
  start?: number;
  /** Page size: default 10, at most 50. */
  count?: number;
}

export interface PeopleSearchResult {
  profile_id: string;
  public_identifier: string;
  profile_url: string;
  full_name: string;
  first_name: string;
  last_name: string;
  headline: string;
  location: Location;
  degree: Degree | null;
  company: CompanyRef;
}

export interface PeopleSearchPage {
  /** Number of matches, capped at 1,000 like LinkedIn. */
  total: number;
  results: PeopleSearchResult[];
}

export interface WorldOptions {
  /** Number of world profiles (default 5,000, at least 100). Companies, groups and events scale with it. */
  profiles?: number;
}

/** A generated world. Every method is pure: same seed, same answers. */
export interface World {
  readonly seed: string;
  readonly profiles: readonly Profile[];
  readonly companies: readonly Company[];
  readonly groups: readonly Group[];
  readonly events: readonly WorldEvent[];

  profileById(id: string): Profile | undefined;
  profileByPublicId(slug: string): Profile | undefined;
  /** Accepts linkedin.com/in/<slug or profile id> URLs in any usual spelling, and a bare slug. */
  profileByUrl(url: string): Profile | undefined;
  companyById(id: string): Company | undefined;
  /** Accepts linkedin.com/company/<slug or id> URLs, a bare slug or an id. */
  companyByUrlOrSlug(value: string): Company | undefined;
  groupById(id: string): Group | undefined;
  eventById(id: string): WorldEvent | undefined;

  /** The profile's posts, newest first. */
  postsOf(profileId: string): readonly Post[];
  postById(postId: string): Post | undefined;
  /** World profile ids connected to this world profile, sorted. */
  connectionsOf(profileId: string): readonly string[];
  areConnected(a: string, b: string): boolean;

  /** The sandbox member logged in with this email (case-insensitive). */
  selfFor(email: string): SelfProfile;
  /**
   * Distance from the member of `email` to a world profile: 1 for its connections, 2 for their
   * connections, 3 for anyone else reachable, null when out of network or not a world profile.
   */
  degree(email: string, profileId: string): Degree | null;
  searchPeople(email: string, query?: PeopleSearchQuery): PeopleSearchPage;
}
