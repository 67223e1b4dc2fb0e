import { POSTS, ROLE_FAMILIES } from './data/work.ts';
import { DAY, HOUR, WORLD_EPOCH, WORLD_EPOCH_YEAR } from './epoch.ts';
import { activityId, activityLowBits } from './ids.ts';
import type { Person } from './members.ts';
import { rngFor, WeightedPicker } from './rng.ts';
import { fill, hashtag } from './text.ts';
import type { Post } from './types.ts';

/**
 * Posts are generated on demand, one author at a time: the low 22 bits of a post's activity id hold
 * its author's index, so a post id alone leads back to the author (and ids never collide across
 * authors). Hence the world's size limit of 2^22 profiles.
 */
export const MAX_AUTHORS = 1 << 22;

const PREFIX = 'urn:li:activity:';

// How many posts a member has: most have few, some post a lot.
const postCountPicker = new WeightedPicker([25, 20, 18, 14, 10, 8, 5]);

/** 0 to 6 posts from the year before WORLD_EPOCH, newest first, from the author's own stream. */
export function generatePosts(seed: string, person: Person, authorIndex: number): Post[] {
  const rng = rngFor(seed, 'posts', authorIndex);
  const p = person.profile;
  const count = postCountPicker.pick(rng);
  const used = new Set<number>();
  const posts: Post[] = [];
  for (let k = 0; k < count; k++) {
    let postedAt = WORLD_EPOCH - rng.int(HOUR, 365 * DAY);
    // Two posts of one author in the same millisecond would share an id.
    while (used.has(postedAt)) postedAt--;
    used.add(postedAt);
    const postId = PREFIX + activityId(postedAt, authorIndex);
    const text = fill(rng.pick(POSTS), {
      company: p.company.name,
      title: p.title,
      otherTitle: rng.pick(ROLE_FAMILIES[person.family].titles),
      city: p.location.city,
      industry: p.industry,
      skill1: p.skills[0],
      skill2: p.skills[1],
      tag: hashtag(rng.pick(p.skills)),
      years: Math.max(1, WORLD_EPOCH_YEAR - p.job_started_on.year),
      n: rng.int(3, 40),
    });
    // Engagement is heavy-tailed; premium members (often creators) get more of it.
    const u = rng.next();
    const likes = Math.floor(u * u * u * (p.premium ? 4_000 : 800));
    posts.push(
      Object.freeze({
        post_id: postId,
        url: `https://www.linkedin.com/feed/update/${postId}/`,
        author_profile_id: p.profile_id,
        text,
        posted_at: postedAt,
        like_count: likes,
        comment_count: Math.floor(likes * rng.next() * 0.15),
        repost_count: Math.floor(likes * rng.next() * 0.05),
      }),
    );
  }
  return posts.sort((a, b) => b.posted_at - a.posted_at);
}

/**
 * Reads a post reference: "urn:li:activity:<19 digits>", the bare digits, or a feed URL holding the
 * URN (https://www.linkedin.com/feed/update/urn:li:activity:<digits>/). Null when it is none of them.
 */
export function parsePostRef(ref: string): { postId: string; authorIndex: number } | null {
  const text = ref.trim();
  const digits = /^\d{19}$/.test(text) ? text : /urn:li:activity:(\d{19})(?!\d)/.exec(text)?.[1];
  if (digits === undefined) return null;
  const authorIndex = activityLowBits(digits);
  return authorIndex === null ? null : { postId: PREFIX + digits, authorIndex };
}
