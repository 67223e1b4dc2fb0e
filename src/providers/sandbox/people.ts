import { linkedInPathId } from './world/urls.ts';
import type { Profile, World } from './world/index.ts';
import { profileMagic, type ProfileMagic } from './magic.ts';
import { hashHex, type Audience } from './rules.ts';

/** A profile an action names, as the sandbox knows it. */
export interface Person {
  profile: Profile;
  /** world: a generated member; adhoc: an id the world does not know (every action succeeds on it); or a magic one. */
  audience: Audience;
  magic: ProfileMagic | null;
}

export interface ProfileRef {
  profile_id?: string;
  profile_url?: string;
}

/**
 * Finds the profile behind `profile_id` or `profile_url`: a world member, a magic test profile, or an
 * ad-hoc one built for an id the world does not know (so hand-written ids work, like any card number
 * in a payment sandbox). Null: not found (the `not-found...` ids, or a URL that is not a profile's).
 */
export function resolvePerson(world: World, seed: string, ref: ProfileRef): Person | null {
  const fromUrl = ref.profile_id === undefined;
  const key = fromUrl ? linkedInPathId(ref.profile_url ?? '', 'in') : ref.profile_id!.trim();
  if (!key) return null;
  const magic = profileMagic(key);
  if (magic === 'NOT_FOUND') return null;
  if (!magic) {
    const found = fromUrl ? world.profileByUrl(ref.profile_url!) : (world.profileById(key) ?? world.profileByPublicId(key));
    if (found) return { profile: found, audience: 'world', magic: null };
  }
  return { profile: adhocProfile(world, seed, key, fromUrl && !magic), audience: magic === 'IGNORES' ? 'ignores' : 'adhoc', magic };
}

/**
 * A stand-in member for an unknown id: a world member's details under the given id. A magic id keeps
 * the same text as profile id and slug, so it stays magic whichever way it comes back.
 */
function adhocProfile(world: World, seed: string, key: string, keyIsSlug: boolean): Profile {
  const h = hashHex(seed, 'adhoc', key);
  const template = world.profiles[parseInt(h.slice(0, 8), 16) % world.profiles.length];
  const magic = profileMagic(key) !== null;
  const profileId = keyIsSlug ? `ACoAA${h.slice(0, 34)}` : key;
  const slug = keyIsSlug || magic ? key.toLowerCase() : `${template.first_name}-${template.last_name}-${h.slice(34, 39)}`.toLowerCase().replace(/[^a-z0-9-]+/g, '');
  return Object.freeze({ ...template, profile_id: profileId, public_identifier: slug, profile_url: `https://www.linkedin.com/in/${slug}` });
}

/** An ad-hoc test profile (not magic): LinkedIn's rules never make an action on it fail. */
export function isTestProfile(p: Person): boolean {
  return p.audience === 'adhoc' && p.magic === null;
}
