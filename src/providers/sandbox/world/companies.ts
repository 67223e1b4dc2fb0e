import { NAME_REGIONS } from './data/names.ts';
import { COMPANY_DESCRIPTIONS, COMPANY_ROOTS, COMPANY_SIZES, INDUSTRIES, type IndustryData } from './data/work.ts';
import { pickCity, pickCountry, type City } from './geo.ts';
import { numericId } from './ids.ts';
import { rngFor, WeightedPicker, type Rng } from './rng.ts';
import { fill, slugify } from './text.ts';
import type { Company } from './types.ts';

/** A generated company plus what the profile generator needs to staff it. */
export interface CompanyInfo {
  company: Company;
  industry: IndustryData;
  headquarters: City;
  /** Relative number of world profiles working there (bigger companies employ more). */
  employeeWeight: number;
}

const sizePicker = new WeightedPicker(COMPANY_SIZES.map((s) => s.weight));

export function generateCompanies(seed: string, count: number): CompanyInfo[] {
  const out: CompanyInfo[] = [];
  const ids = new Set<string>();
  const slugs = new Set<string>();
  for (let i = 0; i < count; i++) {
    const rng = rngFor(seed, 'company', i);
    const industry = rng.pick(INDUSTRIES);
    const hq = pickCity(rng, pickCountry(rng));
    const size = COMPANY_SIZES[sizePicker.pick(rng)];

    let brand = brandName(rng, industry, hq);
    for (let attempt = 0; slugs.has(slugify(brand)); attempt++) {
      // Name collisions are rare; after a few redraws fall back to a numbered brand.
      brand = attempt < 8 ? brandName(rng, industry, hq) : `${brandName(rng, industry, hq)} ${attempt}`;
    }
    const universalName = slugify(brand);
    slugs.add(universalName);
    const name = rng.chance(0.25) ? withLegalForm(brand, hq.country.legal) : brand;

    let companyId = numericId(rng, rng.int(5, 8));
    while (ids.has(companyId)) companyId = numericId(rng, 8);
    ids.add(companyId);

    // Smaller companies are younger, on average.
    const foundedYear = size.employeeWeight <= 2 ? rng.int(2008, 2024) : rng.int(1950, 2020);
    const [minFollowers, maxFollowers] = size.followers;
    const u = rng.next();
    const followerCount = minFollowers + Math.floor(u * u * (maxFollowers - minFollowers));

    const description = fill(rng.pick(COMPANY_DESCRIPTIONS), {
      name,
      industry: industry.name.toLowerCase(),
      city: hq.location.city,
      country: hq.location.country,
      pitch: rng.pick(industry.pitch),
      pitch2: rng.pick(industry.pitch),
      year: foundedYear,
      size: size.range,
      offices: size.employeeWeight <= 2 ? 1 : rng.int(2, 30),
    });

    const company: Company = {
      company_id: companyId,
      name,
      universal_name: universalName,
      url: `https://www.linkedin.com/company/${universalName}/`,
      industry: industry.name,
      size: size.range,
      headquarters: hq.location,
      website: `https://${universalName}.example`,
      description,
      founded_year: foundedYear,
      follower_count: followerCount,
      logo: `https://media.welink-sandbox.example/company/${companyId}/logo.png`,
    };
    out.push({ company: Object.freeze(company), industry, headquarters: hq, employeeWeight: size.employeeWeight });
  }
  return out;
}

function brandName(rng: Rng, industry: IndustryData, hq: City): string {
  const root = rng.pick(COMPANY_ROOTS);
  const word = rng.pick(industry.words);
  const roll = rng.next();
  if (roll < 0.45) return `${root} ${word}`;
  if (roll < 0.65 && /^[A-Z][a-z]{1,7}$/.test(word)) return `${root}${word}`;
  if (roll < 0.8 && /Partners|Advisory|Consulting|Legal|Law|Capital|LLP|Associates/.test(industry.words.join(' '))) {
    const names = NAME_REGIONS[hq.country.names].last;
    return `${rng.pick(names)} & ${rng.pick(names)}`;
  }
  if (roll < 0.9) return `${hq.location.city} ${word}`;
  return root;
}

function withLegalForm(brand: string, legal: string): string {
  // Indonesian "PT" goes before the name.
  return legal === 'PT' ? `PT ${brand}` : `${brand} ${legal}`;
}
