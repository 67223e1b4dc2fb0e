import { createWorld, type Profile } from '../../src/providers/sandbox/world/index.ts';
import { invitationFate } from '../../src/providers/sandbox/rules.ts';

/** Facts about the default sandbox world (seed "welink") that tests pick their targets from. */
export const SEED = 'welink';
export const world = () => createWorld(SEED);

export function byDegree(email: string, degree: 1 | 2 | 3 | null, skip = 0): Profile {
  const w = world();
  const found = w.profiles.filter((p) => w.degree(email, p.profile_id) === degree);
  if (found.length <= skip) throw new Error(`no profile at degree ${degree}`);
  return found[skip];
}

/** A 2nd-degree member who will accept (or not) an invitation from this account. */
export function invitee(email: string, _accountId: string, accepts: boolean, skip = 0): Profile {
  const w = world();
  let n = 0;
  for (const p of w.profiles) {
    if (w.degree(email, p.profile_id) !== 2) continue;
    if ((invitationFate(SEED, 'world', email, p.profile_id, 0).resolution === 'ACCEPT') !== accepts) continue;
    if (n++ === skip) return p;
  }
  throw new Error('no such invitee');
}

export function firstConnection(email: string, i = 0): Profile {
  const w = world();
  return w.profileById(w.selfFor(email).connection_ids[i])!;
}
