import type { CompanyInfo } from './companies.ts';
import { NAME_REGIONS, NAME_REGION_KEYS } from './data/names.ts';
import {
  ABOUT_EXTRAS,
  ABOUT_OPENERS,
  GENERAL_SKILLS,
  HEADLINES,
  HOBBIES,
  LEVELLED_TITLE,
  ROLE_FAMILIES,
  SENIORITY,
  SUPPORT_FAMILIES,
  type IndustryData,
  type RoleFamilyKey,
} from './data/work.ts';
import { DAY, daysInMonth, WORLD_EPOCH, WORLD_EPOCH_YEAR } from './epoch.ts';
import { pickCity, pickCountry, type City } from './geo.ts';
import { memberId, publicIdentifier } from './ids.ts';
import { rngFor, WeightedPicker, type Rng } from './rng.ts';
import { fill, slugify } from './text.ts';
import type { Profile } from './types.ts';

/** What generating a person needs from the rest of the world. */
export interface PersonContext {
  companies: readonly CompanyInfo[];
  /** Picks an employer index, weighted by company size. */
  employers: WeightedPicker;
  /** Whether an id or a public identifier is already used; a new person never reuses one. */
  idTaken(profileId: string): boolean;
  slugTaken(publicIdentifier: string): boolean;
}

/** A generated profile plus the attributes the graph clusters on. */
export interface Person {
  profile: Profile;
  companyIndex: number;
  cityIndex: number;
  family: RoleFamilyKey;
  /** Followers beyond connections; added once the graph has counted them. */
  extraFollowers: number;
}

const seniorityPicker = new WeightedPicker(SENIORITY.map((s) => s.weight));
const RECENT_JOB_DAYS = 90;

export function employerPicker(companies: readonly CompanyInfo[]): WeightedPicker {
  return new WeightedPicker(companies.map((c) => c.employeeWeight));
}

/** The world's people, each from its own random stream (profile i depends only on seed and i). */
export function generatePeople(seed: string, count: number, companies: readonly CompanyInfo[]): Person[] {
  const takenIds = new Set<string>();
  const takenSlugs = new Set<string>();
  const ctx: PersonContext = {
    companies,
    employers: employerPicker(companies),
    idTaken: (id) => takenIds.has(id),
    slugTaken: (slug) => takenSlugs.has(slug),
  };
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const person = generatePerson(rngFor(seed, 'profile', i), ctx);
    takenIds.add(person.profile.profile_id);
    takenSlugs.add(person.profile.public_identifier);
    people.push(person);
  }
  return people;
}

/** One person; `names` overrides the drawn name (the sandbox member named after its email). */
export function generatePerson(rng: Rng, ctx: PersonContext, names?: { first: string; last: string }): Person {
  const companyIndex = ctx.employers.pick(rng);
  const employer = ctx.companies[companyIndex];
  const city = homeCity(rng, employer);
  const region = rng.chance(0.75) ? city.country.names : rng.pick(NAME_REGION_KEYS);
  const first = names?.first ?? rng.pick(NAME_REGIONS[region].first);
  const last = names?.last ?? rng.pick(NAME_REGIONS[region].last);

  let profileId = memberId(rng);
  while (ctx.idTaken(profileId)) profileId = memberId(rng);
  let slug = publicIdentifier(rng, first, last);
  while (ctx.slugTaken(slug)) slug = publicIdentifier(rng, first, last);

  const family = pickFamily(rng, employer);
  const title = pickTitle(rng, family);
  const skills = pickSkills(rng, family);
  const otherCompany = ctx.companies[rng.int(0, ctx.companies.length - 1)].company.name;
  const started = jobStart(rng);
  const vars = {
    title,
    company: employer.company.name,
    otherCompany,
    industry: employer.industry.name,
    city: city.location.city,
    skill1: skills[0],
    skill2: skills[1],
    skill3: skills[2],
    // Experience covers at least the current job.
    years: WORLD_EPOCH_YEAR - started.date.year + rng.int(1, 12),
    hobby: rng.pick(HOBBIES),
  };
  const headline = fill(rng.pick(HEADLINES), vars);
  let about = `${fill(rng.pick(ABOUT_OPENERS), vars)} ${fill(rng.pick(ABOUT_EXTRAS), vars)}`;
  if (rng.chance(0.5)) {
    const extra = fill(rng.pick(ABOUT_EXTRAS), vars);
    if (!about.endsWith(extra)) about += ` ${extra}`;
  }

  const premium = rng.chance(0.2);
  const birthMonth = rng.int(1, 12);

  const profile: Profile = {
    profile_id: profileId,
    public_identifier: slug,
    profile_url: `https://www.linkedin.com/in/${slug}`,
    first_name: first,
    last_name: last,
    full_name: `${first} ${last}`,
    headline,
    occupation: `${title} at ${employer.company.name}`,
    title,
    company: { company_id: employer.company.company_id, name: employer.company.name },
    location: city.location,
    industry: employer.industry.name,
    skills,
    about,
    premium,
    // Open Profile is a premium feature.
    open_profile: premium && rng.chance(0.5),
    image: rng.chance(0.88) ? `https://media.welink-sandbox.example/profile/${rng.u32().toString(16).padStart(8, '0')}.jpg` : null,
    birthday: { month: birthMonth, day: rng.int(1, daysInMonth(birthMonth)) },
    job_started_on: started.date,
    work_anniversary: { month: started.date.month, day: started.date.day },
    recent_job_change: started.recent,
    contact: {
      email: rng.chance(0.55) ? emailFor(rng, first, last, employer.company.universal_name) : null,
      phone: rng.chance(0.15) ? phoneFor(rng, city) : null,
    },
    connection_count: 0,
    follower_count: 0,
  };
  const u = rng.next();
  const extraFollowers = Math.floor(u * u * u * (premium ? 20_000 : 3_000));
  return { profile, companyIndex, cityIndex: city.index, family, extraFollowers };
}

/** Most people live where their employer is headquartered; the rest anywhere. */
function homeCity(rng: Rng, employer: CompanyInfo): City {
  const roll = rng.next();
  if (roll < 0.4) return employer.headquarters;
  if (roll < 0.65) return pickCity(rng, employer.headquarters.country);
  return pickCity(rng, pickCountry(rng));
}

// Each industry's own families with a picker over their weights, built on first use.
const industryFamilies = new Map<IndustryData, { families: RoleFamilyKey[]; picker: WeightedPicker }>();

function pickFamily(rng: Rng, employer: CompanyInfo): RoleFamilyKey {
  if (rng.chance(0.35)) return rng.pick(SUPPORT_FAMILIES);
  let own = industryFamilies.get(employer.industry);
  if (!own) {
    const entries = Object.entries(employer.industry.families) as Array<[RoleFamilyKey, number]>;
    own = { families: entries.map(([f]) => f), picker: new WeightedPicker(entries.map(([, w]) => w)) };
    industryFamilies.set(employer.industry, own);
  }
  return own.families[own.picker.pick(rng)];
}

function pickTitle(rng: Rng, family: RoleFamilyKey): string {
  const base = rng.pick(ROLE_FAMILIES[family].titles);
  const prefix = SENIORITY[seniorityPicker.pick(rng)].prefix;
  return LEVELLED_TITLE.test(base) ? base : prefix + base;
}

/** 3 to 10 distinct skills, mostly from the job's family. */
function pickSkills(rng: Rng, family: RoleFamilyKey): string[] {
  const count = rng.int(3, 10);
  const general = rng.int(0, Math.min(2, count - 3));
  const skills = rng.sample(ROLE_FAMILIES[family].skills, count - general) as string[];
  // A general skill may already be in the family's list (Negotiation, Public Speaking): draw again.
  while (skills.length < count) {
    const skill = rng.pick(GENERAL_SKILLS);
    if (!skills.includes(skill)) skills.push(skill);
  }
  return skills;
}

/** About 8 % started within the last 90 days; the others up to 15 years ago, most of them recently. */
function jobStart(rng: Rng): { date: { year: number; month: number; day: number }; recent: boolean } {
  const recent = rng.chance(0.08);
  const u = rng.next();
  const daysAgo = recent ? rng.int(1, RECENT_JOB_DAYS - 1) : RECENT_JOB_DAYS + Math.floor(u * u * 15 * 365);
  const d = new Date(WORLD_EPOCH - daysAgo * DAY);
  return { date: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, recent };
}

function emailFor(rng: Rng, first: string, last: string, companySlug: string): string {
  const f = slugify(first).replace(/-/g, '');
  const l = slugify(last).replace(/-/g, '');
  return rng.chance(0.5) ? `${f}.${l}@${companySlug}.example` : `${f}${l}${rng.int(1, 99)}@mail.example`;
}

function phoneFor(rng: Rng, city: City): string {
  let digits = '';
  for (let i = 0; i < 9; i++) digits += String(rng.int(0, 9));
  return `+${city.country.dial} ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** Freezes a profile and the objects it owns (Location objects are shared and frozen already). */
export function freezeProfile(profile: Profile): void {
  Object.freeze(profile.company);
  Object.freeze(profile.skills);
  Object.freeze(profile.birthday);
  Object.freeze(profile.job_started_on);
  Object.freeze(profile.work_anniversary);
  Object.freeze(profile.contact);
  Object.freeze(profile);
}
