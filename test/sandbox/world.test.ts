import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createWorld,
  generateWorld,
  MEMBER_ID_PATTERN,
  WORLD_EPOCH,
  type World,
} from '../../src/providers/sandbox/world/index.ts';
import { hash32, Rng } from '../../src/providers/sandbox/world/rng.ts';

const world: World = createWorld('world-test');

describe('sandbox world: determinism', () => {
  it('the random source gives the same numbers everywhere (pinned)', () => {
    assert.equal(hash32('welink'), hash32('welink'));
    const rng = new Rng('welink');
    const first = [rng.u32(), rng.u32(), rng.u32()];
    const again = new Rng('welink');
    assert.deepEqual([again.u32(), again.u32(), again.u32()], first);
    // Pinned so that a change of algorithm (which would change every sandbox world) is deliberate.
    assert.deepEqual(first, PINNED_RNG);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
      const n = rng.int(3, 7);
      assert.ok(Number.isInteger(n) && n >= 3 && n <= 7);
    }
  });

  it('the same seed gives a deep-equal world', () => {
    const a = generateWorld('alpha', { profiles: 1000 });
    const b = generateWorld('alpha', { profiles: 1000 });
    assert.notEqual(a, b);
    assert.deepEqual(a.profiles, b.profiles);
    assert.deepEqual(a.companies, b.companies);
    assert.deepEqual(a.groups, b.groups);
    assert.deepEqual(a.events, b.events);
    for (const p of [a.profiles[0], a.profiles[500], a.profiles[999]]) {
      assert.deepEqual(a.connectionsOf(p.profile_id), b.connectionsOf(p.profile_id));
      assert.deepEqual(a.postsOf(p.profile_id), b.postsOf(p.profile_id));
    }
    assert.deepEqual(a.selfFor('ada.lovelace@example.com'), b.selfFor('ada.lovelace@example.com'));
    assert.deepEqual(
      a.searchPeople('ada.lovelace@example.com', { keywords: 'engineer', count: 50 }),
      b.searchPeople('ada.lovelace@example.com', { keywords: 'engineer', count: 50 }),
    );
  });

  it('a different seed gives a different world', () => {
    const a = generateWorld('alpha', { profiles: 1000 });
    const b = generateWorld('beta', { profiles: 1000 });
    const idsA = new Set(a.profiles.map((p) => p.profile_id));
    assert.ok(b.profiles.every((p) => !idsA.has(p.profile_id)));
    const differentNames = a.profiles.filter((p, i) => p.full_name !== b.profiles[i].full_name).length;
    assert.ok(differentNames > 900, `only ${differentNames} names differ`);
    assert.notDeepEqual(
      a.companies.map((c) => c.name),
      b.companies.map((c) => c.name),
    );
  });

  it('createWorld caches per (seed, size)', () => {
    assert.equal(createWorld('world-test'), world);
    assert.equal(createWorld('world-test', { profiles: 5000 }), world);
    assert.notEqual(createWorld('world-test', { profiles: 1000 }), world);
    assert.notEqual(createWorld('other-seed', { profiles: 1000 }), createWorld('world-test', { profiles: 1000 }));
  });

  it('rejects a size too small to hold a network', () => {
    assert.throws(() => generateWorld('x', { profiles: 10 }), RangeError);
    assert.throws(() => generateWorld('x', { profiles: 1000.5 }), RangeError);
  });
});

describe('sandbox world: profiles', () => {
  it('has 5,000 profiles by default, ~300 companies, ~50 groups and events', () => {
    assert.equal(world.profiles.length, 5000);
    assert.equal(world.companies.length, 300);
    assert.equal(world.groups.length, 50);
    assert.equal(world.events.length, 50);
    const small = createWorld('world-test', { profiles: 1000 });
    assert.equal(small.profiles.length, 1000);
    assert.equal(small.companies.length, 60);
  });

  it('gives every profile unique LinkedIn-style ids and URLs', () => {
    const ids = new Set<string>();
    const slugs = new Set<string>();
    for (const p of world.profiles) {
      assert.match(p.profile_id, MEMBER_ID_PATTERN);
      assert.equal(p.profile_id.length, 39);
      assert.match(p.public_identifier, /^[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{5}$/);
      assert.equal(p.profile_url, `https://www.linkedin.com/in/${p.public_identifier}`);
      ids.add(p.profile_id);
      slugs.add(p.public_identifier);
    }
    assert.equal(ids.size, world.profiles.length);
    assert.equal(slugs.size, world.profiles.length);
  });

  it('fills every field with plausible values', () => {
    for (const p of world.profiles) {
      assert.equal(p.full_name, `${p.first_name} ${p.last_name}`);
      assert.ok(p.first_name && p.last_name && p.headline && p.title && p.about && p.industry);
      assert.equal(p.occupation, `${p.title} at ${p.company.name}`);
      const company = world.companyById(p.company.company_id);
      assert.ok(company, 'employer exists');
      assert.equal(company.name, p.company.name);
      assert.equal(p.industry, company.industry);
      assert.match(p.location.country_code, /^[A-Z]{2}$/);
      assert.equal(p.location.name, `${p.location.city}, ${p.location.country}`);
      assert.ok(p.skills.length >= 3 && p.skills.length <= 10, `${p.skills.length} skills`);
      assert.equal(new Set(p.skills).size, p.skills.length, 'skills are distinct');
      if (p.open_profile) assert.ok(p.premium, 'Open Profile is a premium feature');
      assert.ok(p.birthday.month >= 1 && p.birthday.month <= 12 && p.birthday.day >= 1 && p.birthday.day <= 31);
      assert.deepEqual(p.work_anniversary, { month: p.job_started_on.month, day: p.job_started_on.day });
      const started = Date.UTC(p.job_started_on.year, p.job_started_on.month - 1, p.job_started_on.day);
      assert.ok(started < WORLD_EPOCH);
      assert.equal(p.recent_job_change, WORLD_EPOCH - started < 90 * 86_400_000);
      if (p.image !== null) assert.match(p.image, /^https:\/\/media\.welink-sandbox\.example\//);
      if (p.contact.email !== null) assert.match(p.contact.email, /^[a-z0-9.]+@[a-z0-9-]+\.example$/);
      if (p.contact.phone !== null) assert.match(p.contact.phone, /^\+\d+ [\d ]+$/);
      assert.ok(p.follower_count >= p.connection_count);
    }
  });

  it('has realistic shares: ~20 % premium, some recent job changes, varied countries', () => {
    const n = world.profiles.length;
    const premium = world.profiles.filter((p) => p.premium).length / n;
    assert.ok(premium > 0.15 && premium < 0.25, `premium share ${premium}`);
    const recent = world.profiles.filter((p) => p.recent_job_change).length / n;
    assert.ok(recent > 0.04 && recent < 0.12, `recent job change share ${recent}`);
    assert.ok(new Set(world.profiles.map((p) => p.location.country_code)).size >= 30);
    assert.ok(new Set(world.profiles.map((p) => p.last_name)).size >= 200);
    assert.ok(world.profiles.some((p) => p.contact.email !== null) && world.profiles.some((p) => p.contact.email === null));
  });

  it('is read-only: objects are frozen', () => {
    const p = world.profiles[0];
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.skills) && Object.isFrozen(p.location) && Object.isFrozen(p.company));
    assert.ok(Object.isFrozen(world.profiles) && Object.isFrozen(world.companies[0]) && Object.isFrozen(world.groups[0]));
    assert.throws(() => {
      (p as { first_name: string }).first_name = 'Mallory';
    }, TypeError);
  });
});

describe('sandbox world: posts', () => {
  it('gives 0 to 6 posts per profile, newest first, with activity URNs that encode their time', () => {
    const counts = new Set<number>();
    for (const p of world.profiles.slice(0, 500)) {
      const posts = world.postsOf(p.profile_id);
      counts.add(posts.length);
      assert.ok(posts.length <= 6);
      for (let k = 0; k < posts.length; k++) {
        const post = posts[k];
        assert.match(post.post_id, /^urn:li:activity:\d{19}$/);
        assert.equal(post.url, `https://www.linkedin.com/feed/update/${post.post_id}/`);
        assert.equal(post.author_profile_id, p.profile_id);
        assert.ok(post.posted_at < WORLD_EPOCH && post.posted_at > WORLD_EPOCH - 366 * 86_400_000);
        assert.equal(Number(BigInt(post.post_id.slice('urn:li:activity:'.length)) >> 22n), post.posted_at);
        assert.ok(post.text.length > 0 && !post.text.includes('{'));
        assert.ok(post.like_count >= 0 && post.comment_count >= 0 && post.repost_count >= 0);
        if (k > 0) assert.ok(posts[k - 1].posted_at >= post.posted_at);
        assert.equal(world.postById(post.post_id), post);
      }
    }
    assert.ok(counts.has(0) && counts.has(6), `post counts seen: ${[...counts]}`);
  });

  it('finds a post by URN, bare id or feed URL, and nothing for made-up ids', () => {
    const post = world.profiles.map((p) => world.postsOf(p.profile_id)).find((l) => l.length > 0)![0];
    const digits = post.post_id.slice('urn:li:activity:'.length);
    assert.equal(world.postById(digits), post);
    assert.equal(world.postById(post.url), post);
    assert.equal(world.postById(` ${post.post_id} `), post);
    assert.equal(world.postById('urn:li:activity:1234567890123456789'), undefined);
    assert.equal(world.postById('urn:li:activity:123'), undefined);
    assert.equal(world.postById('hello'), undefined);
    assert.deepEqual(world.postsOf('ACoAAunknown'), []);
  });
});

describe('sandbox world: connection graph', () => {
  it('is symmetric, without self-loops or duplicates, 20 to 200 connections each', () => {
    let total = 0;
    for (const p of world.profiles) {
      const links = world.connectionsOf(p.profile_id);
      assert.equal(links.length, p.connection_count);
      assert.ok(links.length >= 20 && links.length <= 200, `${links.length} connections`);
      assert.equal(new Set(links).size, links.length);
      assert.ok(!links.includes(p.profile_id));
      total += links.length;
    }
    const sample = world.profiles.filter((_, i) => i % 50 === 0);
    for (const p of sample) {
      for (const other of world.connectionsOf(p.profile_id)) {
        assert.ok(world.connectionsOf(other).includes(p.profile_id), 'symmetric');
        assert.ok(world.areConnected(p.profile_id, other) && world.areConnected(other, p.profile_id));
      }
    }
    const average = total / world.profiles.length;
    assert.ok(average > 30 && average < 120, `average degree ${average}`);
    assert.equal(world.areConnected(world.profiles[0].profile_id, 'nobody'), false);
  });

  it('clusters: colleagues are connected more often than strangers', () => {
    let colleagueLinks = 0;
    let links = 0;
    for (const p of world.profiles.slice(0, 500)) {
      for (const other of world.connectionsOf(p.profile_id)) {
        links++;
        if (world.profileById(other)!.company.company_id === p.company.company_id) colleagueLinks++;
      }
    }
    // With ~300 employers, strangers would share one about 1 % of the time.
    assert.ok(colleagueLinks / links > 0.1, `colleague share ${colleagueLinks / links}`);
  });
});

describe('sandbox world: companies, groups, events', () => {
  it('gives companies unique numeric ids and slugs, websites and LinkedIn sizes', () => {
    const ids = new Set<string>();
    const slugs = new Set<string>();
    const sizes = new Set(['1-10', '11-50', '51-200', '201-500', '501-1,000', '1,001-5,000', '5,001-10,000', '10,001+']);
    for (const c of world.companies) {
      assert.match(c.company_id, /^[1-9]\d{4,7}$/);
      assert.match(c.universal_name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.equal(c.url, `https://www.linkedin.com/company/${c.universal_name}/`);
      assert.equal(c.website, `https://${c.universal_name}.example`);
      assert.ok(sizes.has(c.size), c.size);
      assert.ok(c.name && c.industry && c.description && !c.description.includes('{'));
      assert.ok(c.follower_count > 0 && c.founded_year >= 1950 && c.founded_year <= 2024);
      ids.add(c.company_id);
      slugs.add(c.universal_name);
    }
    assert.equal(ids.size, world.companies.length);
    assert.equal(slugs.size, world.companies.length);
  });

  it('gives groups and events members that exist', () => {
    for (const g of world.groups) {
      assert.match(g.group_id, /^\d{6,8}$/);
      assert.equal(g.url, `https://www.linkedin.com/groups/${g.group_id}/`);
      assert.ok(g.member_profile_ids.length >= 10);
      assert.equal(new Set(g.member_profile_ids).size, g.member_profile_ids.length);
      assert.ok(g.member_profile_ids.every((id) => world.profileById(id)));
      assert.equal(world.groupById(g.group_id), g);
    }
    assert.equal(new Set(world.groups.map((g) => g.name)).size, world.groups.length, 'group names are unique');
    for (const e of world.events) {
      assert.match(e.event_id, /^\d{19}$/);
      assert.equal(e.url, `https://www.linkedin.com/events/${e.event_id}/`);
      assert.ok(world.companyById(e.organizer_company_id));
      assert.ok(Math.abs(e.starts_at - WORLD_EPOCH) <= 61 * 86_400_000);
      assert.ok(e.member_profile_ids.length >= 10 && e.member_profile_ids.every((id) => world.profileById(id)));
      assert.equal(world.eventById(e.event_id), e);
    }
    assert.equal(world.groupById('1'), undefined);
    assert.equal(world.eventById('1'), undefined);
  });
});

const PINNED_RNG = [4072662112, 468536560, 1841610053];
