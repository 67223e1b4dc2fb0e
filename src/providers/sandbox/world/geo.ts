import { COUNTRIES, type CountryData } from './data/places.ts';
import { WeightedPicker, type Rng } from './rng.ts';
import type { Location } from './types.ts';

/**
 * Countries and cities as Location values. Built once from the data: every profile in a city shares
 * the same frozen Location object.
 */

export interface City {
  /** Position in CITIES, used as a compact key by the graph. */
  index: number;
  country: CountryData;
  /** Position of the country in COUNTRIES. */
  countryIndex: number;
  location: Location;
}

export const CITIES: readonly City[] = buildCities();

function buildCities(): City[] {
  const out: City[] = [];
  for (const [countryIndex, country] of COUNTRIES.entries()) {
    for (const city of country.cities) {
      const location: Location = Object.freeze({
        city,
        country: country.name,
        country_code: country.code,
        name: `${city}, ${country.name}`,
      });
      out.push({ index: out.length, country, countryIndex, location });
    }
  }
  return out;
}

const citiesByCountry = new Map<string, City[]>();
for (const city of CITIES) {
  const list = citiesByCountry.get(city.country.code) ?? [];
  list.push(city);
  citiesByCountry.set(city.country.code, list);
}

const countryPicker = new WeightedPicker(COUNTRIES.map((c) => c.weight));

/** A country, weighted by its share of LinkedIn members. */
export function pickCountry(rng: Rng): CountryData {
  return COUNTRIES[countryPicker.pick(rng)];
}

/** A city of the country; the first listed (the largest) is drawn more often. */
export function pickCity(rng: Rng, country: CountryData): City {
  const cities = citiesByCountry.get(country.code)!;
  return rng.chance(0.35) ? cities[0] : rng.pick(cities);
}

/** Country codes the data knows, upper case. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(COUNTRIES.map((c) => c.code));
