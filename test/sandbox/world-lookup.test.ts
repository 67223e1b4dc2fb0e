import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld } from '../../src/providers/sandbox/world/index.ts';

const world = createWorld('lookup-test', { profiles: 1000 });
const profile = world.profiles[42];
const slug = profile.public_identifier;
const company = world.companies[7];

describe('sandbox world: profile lookups', () => {
  it('finds a profile by id and by public identifier', () => {
    assert.equal(world.profileById(profile.profile_id), profile);
    assert.equal(world.profileById(profile.profile_id.toLowerCase()), undefined, 'member ids are case-sensitive');
    assert.equal(world.profileById('ACoAAnobody'), undefined);
    assert.equal(world.profileByPublicId(slug), profile);
    assert.equal(world.profileByPublicId(slug.toUpperCase()), profile, 'vanity names are case-insensitive');
    assert.equal(world.profileByPublicId('no-such-person-00000'), undefined);
  });

  it('finds a profile by every usual spelling of its URL', () => {
    const forms = [
      `https://www.linkedin.com/in/${slug}`,
      `https://www.linkedin.com/in/${slug}/`,
      `http://www.linkedin.com/in/${slug}/`,
      `https://linkedin.com/in/${slug}`,
      `linkedin.com/in/${slug}`,
      `www.linkedin.com/in/${slug}/`,
      `https://fr.linkedin.com/in/${slug}/`,
      `https://www.linkedin.com/in/${slug}?trk=public_profile&originalSubdomain=fr`,
      `https://www.linkedin.com/in/${slug}/?miniProfileUrn=x#experience`,
      `https://www.linkedin.com/in/${slug}/details/skills/`,
      `HTTPS://WWW.LINKEDIN.COM/in/${slug.toUpperCase()}/`,
      `  https://www.linkedin.com/in/${slug}/  `,
      `https://www.linkedin.com/in/${encodeURIComponent(slug)}`,
      slug,
      `https://www.linkedin.com/in/${profile.profile_id}/`,
    ];
    for (const url of forms) assert.equal(world.profileByUrl(url)?.profile_id, profile.profile_id, url);
  });

  it('finds nothing for other URLs and junk', () => {
    const misses = [
      '',
      '   ',
      `https://example.com/in/${slug}`,
      `https://www.linkedin.com.evil.example/in/${slug}`,
      `https://www.linkedin.com/company/${slug}`,
      `https://www.linkedin.com/in/`,
      `https://www.linkedin.com/`,
      'https://www.linkedin.com/in/%E0%A4%A',
      'no-such-person-00000',
      'hello world',
    ];
    for (const url of misses) assert.equal(world.profileByUrl(url), undefined, url);
  });
});

describe('sandbox world: company lookups', () => {
  it('finds a company by id, slug and page URL', () => {
    assert.equal(world.companyById(company.company_id), company);
    assert.equal(world.companyById('0'), undefined);
    const forms = [
      company.company_id,
      company.universal_name,
      company.universal_name.toUpperCase(),
      company.url,
      `https://www.linkedin.com/company/${company.universal_name}`,
      `linkedin.com/company/${company.universal_name}/about/`,
      `http://www.linkedin.com/company/${company.universal_name}?trk=x`,
      `https://www.linkedin.com/company/${company.company_id}/`,
    ];
    for (const value of forms) assert.equal(world.companyByUrlOrSlug(value), company, value);
  });

  it('finds nothing for other URLs and unknown slugs', () => {
    for (const value of ['', 'no-such-company-xyz', `https://www.linkedin.com/in/${company.universal_name}`, `https://example.com/company/${company.universal_name}`]) {
      assert.equal(world.companyByUrlOrSlug(value), undefined, value);
    }
  });
});
