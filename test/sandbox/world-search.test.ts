import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type PeopleSearchResult } from '../../src/providers/sandbox/world/index.ts';
import { fold } from '../../src/providers/sandbox/world/text.ts';

const world = createWorld('search-test');
const EMAIL = 'ada.lovelace@example.com';
const rank = (r: PeopleSearchResult): number => r.degree ?? 4;

/** Every profile id a keyword search returns, page after page. */
function allIds(keywords: string): string[] {
  const ids: string[] = [];
  for (let start = 0; ; start += 50) {
    const page = world.searchPeople(EMAIL, { keywords, start, count: 50 });
    ids.push(...page.results.map((r) => r.profile_id));
    if (page.results.length < 50) return ids;
  }
}

describe('sandbox world: people search', () => {
  it('answers LinkedIn-shaped results', () => {
    const page = world.searchPeople(EMAIL, {});
    assert.equal(page.results.length, 10, 'default page size');
    const r = page.results[0];
    assert.deepEqual(Object.keys(r).sort(), [
      'company',
      'degree',
      'first_name',
      'full_name',
      'headline',
      'last_name',
      'location',
      'profile_id',
      'profile_url',
      'public_identifier',
    ]);
    const p = world.profileById(r.profile_id)!;
    assert.deepEqual(r, {
      profile_id: p.profile_id,
      public_identifier: p.public_identifier,
      profile_url: p.profile_url,
      full_name: p.full_name,
      first_name: p.first_name,
      last_name: p.last_name,
      headline: p.headline,
      location: p.location,
      degree: world.degree(EMAIL, p.profile_id),
      company: p.company,
    });
  });

  it('caps the total at 1,000 and never returns index 1,000 or beyond', () => {
    const all = world.searchPeople(EMAIL, { keywords: '' });
    assert.equal(all.total, 1000);
    assert.deepEqual(world.searchPeople(EMAIL, { start: 1000 }).results, []);
    assert.deepEqual(world.searchPeople(EMAIL, { start: 4000, count: 50 }).results, []);
    assert.equal(world.searchPeople(EMAIL, { start: 990, count: 50 }).results.length, 10);
    assert.equal(world.searchPeople(EMAIL, { start: 1000 }).total, 1000);
  });

  it('pages without overlap, in a stable order, 50 at most per page', () => {
    assert.equal(world.searchPeople(EMAIL, { count: 500 }).results.length, 50);
    assert.equal(world.searchPeople(EMAIL, { count: 0 }).results.length, 0);
    const seen = new Set<string>();
    const ordered: PeopleSearchResult[] = [];
    for (let start = 0; start < 1000; start += 50) {
      const page = world.searchPeople(EMAIL, { start, count: 50 });
      assert.equal(page.results.length, 50);
      for (const r of page.results) {
        assert.ok(!seen.has(r.profile_id), 'pages do not overlap');
        seen.add(r.profile_id);
        ordered.push(r);
      }
    }
    assert.equal(seen.size, 1000);
    const small = world.searchPeople(EMAIL, { start: 120, count: 10 }).results;
    assert.deepEqual(small, ordered.slice(120, 130));
    for (let k = 1; k < ordered.length; k++) assert.ok(rank(ordered[k - 1]) <= rank(ordered[k]), 'closest first');
    assert.deepEqual(world.searchPeople(EMAIL, { start: 3, count: 7 }), world.searchPeople(EMAIL, { start: 3, count: 7 }));
  });

  it('requires every keyword, ignoring case and accents', () => {
    const target = world.profiles[123];
    const keywords = `${target.first_name.toUpperCase()} ${fold(target.last_name)}`;
    assert.ok(allIds(keywords).includes(target.profile_id), 'the person searched for is found');

    const both = world.searchPeople(EMAIL, { keywords: 'senior engineer', count: 50 });
    assert.ok(both.total > 0);
    for (const r of both.results) {
      const p = world.profileById(r.profile_id)!;
      const text = fold(`${p.full_name} ${p.headline} ${p.title} ${p.company.name} ${p.skills.join(' ')}`);
      assert.ok(/\bsenior/.test(text) && /\bengineer/.test(text), text);
    }
    const onlyOne = world.searchPeople(EMAIL, { keywords: 'engineer' }).total;
    assert.ok(onlyOne >= both.total);
    assert.equal(world.searchPeople(EMAIL, { keywords: 'engineer zzqqxx' }).total, 0);
  });

  it('searches skills and company names too', () => {
    const withSkill = world.profiles.find((p) => p.skills.includes('Kubernetes'))!;
    assert.ok(allIds('kubernetes').includes(withSkill.profile_id));

    const company = world.profiles[7].company;
    const byCompanyWords = world.searchPeople(EMAIL, { keywords: company.name, count: 50 });
    assert.ok(byCompanyWords.results.some((r) => r.company.company_id === company.company_id));
  });

  it('ranks a name match above a skills-only match at the same degree', () => {
    const page = world.searchPeople(EMAIL, { keywords: 'python', network: ['S'], count: 50 });
    assert.ok(page.total > 0);
    const inTitle = (r: PeopleSearchResult): boolean => /python/i.test(world.profileById(r.profile_id)!.headline);
    const firstSkillOnly = page.results.findIndex((r) => !inTitle(r));
    const lastInTitle = page.results.map(inTitle).lastIndexOf(true);
    if (firstSkillOnly >= 0 && lastInTitle >= 0) assert.ok(lastInTitle < firstSkillOnly);
  });

  it('filters by network degree like LinkedIn facets F, S, O', () => {
    const first = world.searchPeople(EMAIL, { network: ['F'], count: 50 });
    assert.equal(first.total, world.selfFor(EMAIL).connection_count);
    assert.ok(first.results.every((r) => r.degree === 1));
    const second = world.searchPeople(EMAIL, { network: ['S'], count: 50 });
    assert.ok(second.total > 0 && second.results.every((r) => r.degree === 2));
    const third = world.searchPeople(EMAIL, { network: ['O'], start: 0, count: 50 });
    assert.ok(third.total > 0 && third.results.every((r) => r.degree === 3 || r.degree === null));
    const outOfNetwork = world.searchPeople(EMAIL, { network: ['O'], start: third.total - 10, count: 50 });
    assert.ok(outOfNetwork.results.some((r) => r.degree === null), 'out of network comes last within O');
    const mixed = world.searchPeople(EMAIL, { network: ['F', 'S'], start: first.total - 5, count: 10 });
    assert.deepEqual(
      mixed.results.map((r) => r.degree),
      [1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
    );
    assert.deepEqual(world.searchPeople(EMAIL, { network: [] }), world.searchPeople(EMAIL, {}));
  });

  it('filters by company id or part of its name', () => {
    const company = world.companies.find((c) => world.profiles.filter((p) => p.company.company_id === c.company_id).length >= 12)!;
    const staff = world.profiles.filter((p) => p.company.company_id === company.company_id);
    const byId = world.searchPeople(EMAIL, { company: company.company_id, count: 50 });
    assert.equal(byId.total, staff.length);
    assert.ok(byId.results.every((r) => r.company.company_id === company.company_id));

    const part = company.name.slice(0, Math.max(4, company.name.length - 2)).toLowerCase();
    const byName = world.searchPeople(EMAIL, { company: part, count: 50 });
    assert.ok(byName.total >= staff.length);
    assert.ok(byName.results.every((r) => fold(r.company.name).includes(fold(part))));
    assert.equal(world.searchPeople(EMAIL, { company: 'no such company zzz' }).total, 0);
  });

  it('filters by country code or location words', () => {
    const byCode = world.searchPeople(EMAIL, { location: 'de', count: 50 });
    assert.ok(byCode.total > 0 && byCode.results.every((r) => r.location.country_code === 'DE'));
    const byCity = world.searchPeople(EMAIL, { location: 'Munich', count: 50 });
    assert.ok(byCity.total > 0 && byCity.results.every((r) => r.location.city === 'Munich'));
    const byCountry = world.searchPeople(EMAIL, { location: 'united kingdom', count: 50 });
    assert.ok(byCountry.total > 0 && byCountry.results.every((r) => r.location.country === 'United Kingdom'));
    const accent = world.searchPeople(EMAIL, { location: 'sao paulo', count: 50 });
    assert.ok(accent.results.every((r) => r.location.city === 'São Paulo'));
  });

  it('combines filters', () => {
    const page = world.searchPeople(EMAIL, { keywords: 'manager', network: ['S', 'O'], location: 'US', count: 50 });
    assert.ok(page.total > 0);
    for (const r of page.results) {
      assert.equal(r.location.country_code, 'US');
      assert.ok(r.degree !== 1);
    }
  });

  it('depends on who searches: degrees are the searcher\'s', () => {
    const other = 'grace.hopper@example.com';
    const page = world.searchPeople(other, { network: ['F'], count: 50 });
    assert.equal(page.total, world.selfFor(other).connection_count);
    assert.ok(page.results.every((r) => world.degree(other, r.profile_id) === 1));
  });
});
