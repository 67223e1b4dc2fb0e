import type { CompanyInfo } from './companies.ts';
import { connected, neighboursOf, type Graph } from './graph.ts';
import { chooseFirstDegree, degreesFrom } from './degrees.ts';
import { generatePosts, parsePostRef } from './posts.ts';
import { employerPicker, freezeProfile, generatePerson, type Person, type PersonContext } from './members.ts';
import { rngFor } from './rng.ts';
import { buildSearchIndex, searchPeople, type SearchIndex } from './search.ts';
import { nameFromEmail, normalizeEmail } from './self.ts';
import type {
  Company,
  Degree,
  Group,
  PeopleSearchPage,
  PeopleSearchQuery,
  Post,
  Profile,
  SelfProfile,
  World,
  WorldEvent,
} from './types.ts';
import { linkedInPathId } from './urls.ts';

/** Sandbox members remembered with their distances; older ones are recomputed when asked again. */
const SELF_CACHE_SIZE = 256;
const NO_POSTS: readonly Post[] = Object.freeze([]);

/** A sandbox member with everyone's distance from it (0 = out of network). */
interface SelfState {
  profile: SelfProfile;
  degrees: Uint8Array;
}

/**
 * A generated world's lookups, network and search. Posts, sandbox members and the search index are
 * derived lazily from the generated data (and deterministically: order of calls does not matter).
 */
export class GeneratedWorld implements World {
  readonly profiles: readonly Profile[];
  readonly companies: readonly Company[];
  private readonly byId = new Map<string, number>();
  private readonly bySlug = new Map<string, number>();
  private readonly companiesById = new Map<string, Company>();
  private readonly companiesBySlug = new Map<string, Company>();
  private readonly groupsById: Map<string, Group>;
  private readonly eventsById: Map<string, WorldEvent>;
  /** Posts per profile index, generated on first read. */
  private readonly posts: Array<readonly Post[] | undefined> = [];
  private readonly selves = new Map<string, SelfState>();
  private searchIndex: SearchIndex | null = null;
  private reachable: number[] | null = null;
  private personContext: PersonContext | null = null;

  constructor(
    readonly seed: string,
    private readonly companyInfo: readonly CompanyInfo[],
    private readonly people: readonly Person[],
    private readonly island: Uint8Array,
    private readonly graph: Graph,
    readonly groups: readonly Group[],
    readonly events: readonly WorldEvent[],
  ) {
    this.profiles = Object.freeze(people.map((p) => p.profile));
    this.companies = Object.freeze(companyInfo.map((c) => c.company));
    this.profiles.forEach((p, i) => {
      this.byId.set(p.profile_id, i);
      this.bySlug.set(p.public_identifier, i);
    });
    for (const c of this.companies) {
      this.companiesById.set(c.company_id, c);
      this.companiesBySlug.set(c.universal_name, c);
    }
    this.groupsById = new Map(groups.map((g) => [g.group_id, g]));
    this.eventsById = new Map(events.map((e) => [e.event_id, e]));
  }

  profileById(id: string): Profile | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.profiles[i];
  }

  profileByPublicId(slug: string): Profile | undefined {
    // Vanity URLs are case-insensitive on LinkedIn.
    const i = this.bySlug.get(slug.trim().toLowerCase());
    return i === undefined ? undefined : this.profiles[i];
  }

  profileByUrl(url: string): Profile | undefined {
    const id = linkedInPathId(url, 'in');
    if (id === null) return undefined;
    // linkedin.com/in/<member id> also opens a profile.
    return this.profileByPublicId(id) ?? this.profileById(id);
  }

  companyById(id: string): Company | undefined {
    return this.companiesById.get(id.trim());
  }

  companyByUrlOrSlug(value: string): Company | undefined {
    const id = linkedInPathId(value, 'company');
    if (id === null) return undefined;
    return this.companiesBySlug.get(id.toLowerCase()) ?? this.companyById(id);
  }

  groupById(id: string): Group | undefined {
    return this.groupsById.get(id.trim());
  }

  eventById(id: string): WorldEvent | undefined {
    return this.eventsById.get(id.trim());
  }

  postsOf(profileId: string): readonly Post[] {
    const i = this.byId.get(profileId);
    return i === undefined ? NO_POSTS : this.postsAt(i);
  }

  postById(postId: string): Post | undefined {
    const ref = parsePostRef(postId);
    if (ref === null || ref.authorIndex >= this.people.length) return undefined;
    return this.postsAt(ref.authorIndex).find((p) => p.post_id === ref.postId);
  }

  private postsAt(i: number): readonly Post[] {
    let list = this.posts[i];
    if (list === undefined) {
      list = Object.freeze(generatePosts(this.seed, this.people[i], i));
      this.posts[i] = list;
    }
    return list;
  }

  connectionsOf(profileId: string): readonly string[] {
    const i = this.byId.get(profileId);
    if (i === undefined) return [];
    return Array.from(neighboursOf(this.graph, i), (j) => this.profiles[j].profile_id).sort();
  }

  areConnected(a: string, b: string): boolean {
    const i = this.byId.get(a);
    const j = this.byId.get(b);
    return i !== undefined && j !== undefined && connected(this.graph, i, j);
  }

  selfFor(email: string): SelfProfile {
    return this.self(email).profile;
  }

  degree(email: string, profileId: string): Degree | null {
    const i = this.byId.get(profileId);
    if (i === undefined) return null;
    const d = this.self(email).degrees[i];
    return d === 0 ? null : (d as Degree);
  }

  searchPeople(email: string, query: PeopleSearchQuery = {}): PeopleSearchPage {
    this.searchIndex ??= buildSearchIndex(this.profiles);
    return searchPeople(this.profiles, this.searchIndex, this.self(email).degrees, query);
  }

  private self(email: string): SelfState {
    const key = normalizeEmail(email);
    const cached = this.selves.get(key);
    if (cached) {
      // Least recently used goes first: re-insert to mark as fresh.
      this.selves.delete(key);
      this.selves.set(key, cached);
      return cached;
    }
    const state = this.createSelf(key);
    this.selves.set(key, state);
    if (this.selves.size > SELF_CACHE_SIZE) this.selves.delete(this.selves.keys().next().value!);
    return state;
  }

  private createSelf(email: string): SelfState {
    const rng = rngFor(this.seed, 'self', email);
    this.personContext ??= {
      companies: this.companyInfo,
      employers: employerPicker(this.companyInfo),
      idTaken: (id) => this.byId.has(id),
      slugTaken: (slug) => this.bySlug.has(slug),
    };
    const person = generatePerson(rng, this.personContext, nameFromEmail(email) ?? undefined);
    this.reachable ??= this.people.map((_, i) => i).filter((i) => this.island[i] === 0);
    const first = chooseFirstDegree(rng, {
      graph: this.graph,
      island: this.island,
      reachable: this.reachable,
      colleagues: this.reachable.filter((i) => this.people[i].companyIndex === person.companyIndex),
      neighbours: this.reachable.filter((i) => this.people[i].cityIndex === person.cityIndex),
      size: rng.int(130, 170),
    });
    const connectionIds = Array.from(first, (i) => this.profiles[i].profile_id).sort();
    const profile: SelfProfile = {
      ...person.profile,
      connection_count: connectionIds.length,
      follower_count: connectionIds.length + person.extraFollowers,
      email,
      connection_ids: Object.freeze(connectionIds),
    };
    freezeProfile(profile);
    return { profile, degrees: degreesFrom(this.graph, first) };
  }
}
