import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, MEMBER_ID_PATTERN, nameFromEmail } from '../../src/providers/sandbox/world/index.ts';

const world = createWorld('network-test');
const EMAIL = 'ada.lovelace@example.com';

describe('sandbox world: the logged-in member', () => {
  it('takes its name from a first.last email', () => {
    assert.deepEqual(nameFromEmail('ada.lovelace@example.com'), { first: 'Ada', last: 'Lovelace' });
    assert.deepEqual(nameFromEmail('ADA.LOVELACE@EXAMPLE.COM'), { first: 'Ada', last: 'Lovelace' });
    assert.deepEqual(nameFromEmail('jean-paul_sartre+sandbox@example.fr'), { first: 'Jean-Paul', last: 'Sartre' });
    assert.deepEqual(nameFromEmail('mary.ann.smith42@example.com'), { first: 'Mary', last: 'Ann Smith' });
    assert.deepEqual(nameFromEmail('søren.kierkegaard@example.dk'), { first: 'Søren', last: 'Kierkegaard' });
    for (const email of ['ada@example.com', 'a.b@example.com', 'dev.team.2.x@example.com', 'x1.y2@example.com', 'nope']) {
      assert.equal(nameFromEmail(email), null, email);
    }

    const self = world.selfFor(EMAIL);
    assert.equal(self.first_name, 'Ada');
    assert.equal(self.last_name, 'Lovelace');
    assert.equal(self.full_name, 'Ada Lovelace');
    assert.equal(self.email, EMAIL);
    assert.match(self.public_identifier, /^ada-lovelace-[0-9a-f]{5}$/);
    assert.match(self.profile_id, MEMBER_ID_PATTERN);
  });

  it('generates a name for other emails, the same one every time', () => {
    const self = world.selfFor('sales-bot@example.com');
    assert.ok(self.first_name.length > 0 && self.last_name.length > 0);
    assert.equal(self.profile_url, `https://www.linkedin.com/in/${self.public_identifier}`);
    assert.deepEqual(createWorld('network-test', { profiles: 1000 }).selfFor('x@y.z'), createWorld('network-test', { profiles: 1000 }).selfFor('x@y.z'));
  });

  it('is the same member whatever the case or surrounding spaces of the email', () => {
    assert.equal(world.selfFor(' Ada.Lovelace@Example.COM ').profile_id, world.selfFor(EMAIL).profile_id);
    assert.notEqual(world.selfFor('grace.hopper@example.com').profile_id, world.selfFor(EMAIL).profile_id);
  });

  it('is not a world profile, and has no degree to itself', () => {
    const self = world.selfFor(EMAIL);
    assert.equal(world.profileById(self.profile_id), undefined);
    assert.equal(world.profileByPublicId(self.public_identifier), undefined);
    assert.equal(world.degree(EMAIL, self.profile_id), null);
    assert.ok(Object.isFrozen(self) && Object.isFrozen(self.connection_ids));
  });

  it('has about 150 1st-degree connections among world profiles', () => {
    for (const email of [EMAIL, 'grace.hopper@example.com', 'bot@example.com']) {
      const self = world.selfFor(email);
      const ids = self.connection_ids;
      assert.ok(ids.length >= 130 && ids.length <= 170, `${ids.length} connections`);
      assert.equal(self.connection_count, ids.length);
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual([...ids].sort(), ids, 'sorted');
      for (const id of ids) {
        assert.ok(world.profileById(id), 'a world profile');
        assert.equal(world.degree(email, id), 1);
      }
    }
  });
});

describe('sandbox world: degrees', () => {
  it('splits the world into 1st, 2nd, 3rd and ~5 % out of network', () => {
    const counts = { 1: 0, 2: 0, 3: 0, null: 0 };
    for (const p of world.profiles) counts[world.degree(EMAIL, p.profile_id) ?? 'null']++;
    const n = world.profiles.length;
    assert.equal(counts[1], world.selfFor(EMAIL).connection_ids.length);
    assert.ok(counts[2] > n * 0.3 && counts[2] < n * 0.9, `2nd: ${counts[2]}`);
    assert.ok(counts[3] > n * 0.03, `3rd: ${counts[3]}`);
    assert.ok(counts.null > n * 0.03 && counts.null < n * 0.07, `out of network: ${counts.null}`);
  });

  it('means what LinkedIn means: 2nd = knows a 1st, 3rd = knows nobody I know', () => {
    const first = new Set(world.selfFor(EMAIL).connection_ids);
    const byDegree = new Map<number | null, string[]>();
    for (const p of world.profiles) {
      const d = world.degree(EMAIL, p.profile_id);
      byDegree.set(d, [...(byDegree.get(d) ?? []), p.profile_id]);
    }
    for (const id of byDegree.get(2)!.slice(0, 200)) {
      assert.ok(world.connectionsOf(id).some((c) => first.has(c)), '2nd knows a 1st');
    }
    for (const id of byDegree.get(3)!.slice(0, 200)) {
      const links = world.connectionsOf(id);
      assert.ok(!links.some((c) => first.has(c)), '3rd knows no 1st');
      assert.ok(links.some((c) => world.degree(EMAIL, c) !== null), '3rd is reachable');
    }
    for (const id of byDegree.get(null)!) {
      assert.ok(world.connectionsOf(id).every((c) => world.degree(EMAIL, c) === null), 'out of network is unreachable');
    }
  });

  it('keeps the out-of-network slice the same for every member', () => {
    const outside = (email: string): string[] => world.profiles.filter((p) => world.degree(email, p.profile_id) === null).map((p) => p.profile_id);
    assert.deepEqual(outside(EMAIL), outside('grace.hopper@example.com'));
  });

  it('depends on the member: different emails, different networks', () => {
    const a = world.selfFor(EMAIL).connection_ids;
    const b = new Set(world.selfFor('grace.hopper@example.com').connection_ids);
    assert.ok(a.filter((id) => b.has(id)).length < a.length / 2);
    assert.equal(world.degree('ADA.LOVELACE@example.com', a[0]), 1);
  });

  it('answers null for unknown profile ids', () => {
    assert.equal(world.degree(EMAIL, 'ACoAAnotaprofile'), null);
  });
});
