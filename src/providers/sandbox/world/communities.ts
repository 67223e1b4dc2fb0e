import type { CompanyInfo } from './companies.ts';
import {
  EVENT_DESCRIPTIONS,
  EVENT_NAMES,
  FAMILY_LABELS,
  GROUP_DESCRIPTIONS,
  GROUP_NAMES,
  INDUSTRIES,
  ROLE_FAMILIES,
  type RoleFamilyKey,
} from './data/work.ts';
import { CITIES } from './geo.ts';
import { DAY, HOUR, WORLD_EPOCH, WORLD_EPOCH_YEAR } from './epoch.ts';
import { activityId, numericId } from './ids.ts';
import type { Person } from './members.ts';
import { rngFor, type Rng } from './rng.ts';
import { fill } from './text.ts';
import type { Group, WorldEvent } from './types.ts';

/** Groups and events: named after a topic, joined mostly by people the topic fits. */

interface Topic {
  vars: Record<string, string | number>;
  /** A short label of the topic for descriptions. */
  label: string;
  fits(person: Person): boolean;
}

function drawTopic(rng: Rng, people: readonly Person[]): Topic {
  const family = rng.pick(Object.keys(ROLE_FAMILIES) as RoleFamilyKey[]);
  const skill = rng.pick(ROLE_FAMILIES[family].skills);
  const industry = rng.pick(INDUSTRIES).name;
  // A city where someone lives, so city-themed groups are never empty.
  const city = CITIES[rng.pick(people).cityIndex].location.city;
  const vars = { family: FAMILY_LABELS[family], skill, industry, city, year: WORLD_EPOCH_YEAR };
  const kind = rng.int(0, 3);
  if (kind === 0) return { vars, label: skill, fits: (p) => p.profile.skills.includes(skill) };
  if (kind === 1) return { vars, label: industry, fits: (p) => p.profile.industry === industry };
  if (kind === 2) return { vars, label: `${FAMILY_LABELS[family]} in ${city}`, fits: (p) => p.profile.location.city === city };
  return { vars, label: FAMILY_LABELS[family], fits: (p) => p.family === family };
}

/** Mostly people who fit the topic, topped up with anyone (groups are never purely on-topic). */
function drawMembers(rng: Rng, people: readonly Person[], fits: (p: Person) => boolean, size: number): string[] {
  const fitting = people.filter(fits);
  const members = new Set<string>();
  // Partial Fisher-Yates on the fresh filtered array: no copy of it.
  const wanted = Math.min(fitting.length, Math.round(size * 0.8));
  for (let k = 0; k < wanted; k++) {
    const j = k + Math.floor(rng.next() * (fitting.length - k));
    const picked = fitting[j];
    fitting[j] = fitting[k];
    members.add(picked.profile.profile_id);
  }
  while (members.size < size) members.add(rng.pick(people).profile.profile_id);
  return [...members].sort();
}

export function generateGroups(seed: string, count: number, people: readonly Person[]): Group[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  const groups: Group[] = [];
  const maxSize = Math.max(10, Math.min(400, Math.floor(people.length / 10)));
  for (let g = 0; g < count; g++) {
    const rng = rngFor(seed, 'group', g);
    let topic = drawTopic(rng, people);
    let name = fill(rng.pick(GROUP_NAMES), topic.vars);
    for (let attempt = 1; names.has(name); attempt++) {
      topic = drawTopic(rng, people);
      name = fill(rng.pick(GROUP_NAMES), topic.vars) + (attempt > 8 ? ` ${attempt}` : '');
    }
    names.add(name);
    let id = numericId(rng, rng.int(6, 8));
    while (ids.has(id)) id = numericId(rng, 8);
    ids.add(id);
    const u = rng.next();
    const size = 10 + Math.floor(u * u * (maxSize - 10));
    groups.push(
      Object.freeze({
        group_id: id,
        name,
        description: fill(rng.pick(GROUP_DESCRIPTIONS), { topic: topic.label }),
        url: `https://www.linkedin.com/groups/${id}/`,
        member_profile_ids: Object.freeze(drawMembers(rng, people, topic.fits, Math.min(size, people.length))),
      }),
    );
  }
  return groups;
}

export function generateEvents(seed: string, count: number, people: readonly Person[], companies: readonly CompanyInfo[]): WorldEvent[] {
  const ids = new Set<string>();
  const events: WorldEvent[] = [];
  const maxSize = Math.max(10, Math.min(200, Math.floor(people.length / 20)));
  for (let e = 0; e < count; e++) {
    const rng = rngFor(seed, 'event', e);
    const organizerIndex = rng.int(0, companies.length - 1);
    const organizer = companies[organizerIndex].company;
    const topic = drawTopic(rng, people);
    const name = fill(rng.pick(EVENT_NAMES), { ...topic.vars, company: organizer.name });
    const startsAt = WORLD_EPOCH + rng.int(-60 * 24, 60 * 24) * HOUR;
    // Event ids are snowflakes like post ids, minted when the event was created (before it starts).
    let id = activityId(startsAt - rng.int(7, 60) * DAY, rng.u32());
    while (ids.has(id)) id = activityId(startsAt - 7 * DAY, rng.u32());
    ids.add(id);
    const u = rng.next();
    const size = 10 + Math.floor(u * u * (maxSize - 10));
    // Employees of the organizer come to its events, besides people the topic fits.
    const fits = (p: Person): boolean => p.companyIndex === organizerIndex || topic.fits(p);
    events.push(
      Object.freeze({
        event_id: id,
        name,
        description: fill(rng.pick(EVENT_DESCRIPTIONS), { topic: topic.label, company: organizer.name }),
        url: `https://www.linkedin.com/events/${id}/`,
        starts_at: startsAt,
        organizer_company_id: organizer.company_id,
        member_profile_ids: Object.freeze(drawMembers(rng, people, fits, Math.min(size, people.length))),
      }),
    );
  }
  return events;
}
