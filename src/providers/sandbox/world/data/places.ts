import type { NameRegionKey } from './names.ts';

/**
 * Countries of the world with their main cities. `weight` is roughly the country's share of
 * LinkedIn members (heavy on the US and India); `names` is where most of its people's names come from.
 */
export interface CountryData {
  code: string;
  name: string;
  /** International dialling code, for generated phone numbers. */
  dial: string;
  weight: number;
  names: NameRegionKey;
  /** Legal form appended to some company names headquartered there. */
  legal: string;
  cities: readonly string[];
}

export const COUNTRIES: readonly CountryData[] = [
  { code: 'US', name: 'United States', dial: '1', weight: 22, names: 'anglo', legal: 'Inc.', cities: ['New York', 'San Francisco', 'Seattle', 'Austin', 'Boston', 'Chicago', 'Los Angeles', 'Denver', 'Atlanta', 'Miami'] },
  { code: 'GB', name: 'United Kingdom', dial: '44', weight: 8, names: 'anglo', legal: 'Ltd', cities: ['London', 'Manchester', 'Edinburgh', 'Bristol', 'Birmingham', 'Cambridge'] },
  { code: 'IE', name: 'Ireland', dial: '353', weight: 1.5, names: 'anglo', legal: 'Ltd', cities: ['Dublin', 'Cork', 'Galway'] },
  { code: 'CA', name: 'Canada', dial: '1', weight: 5, names: 'anglo', legal: 'Inc.', cities: ['Toronto', 'Vancouver', 'Montréal', 'Ottawa', 'Calgary'] },
  { code: 'AU', name: 'Australia', dial: '61', weight: 3, names: 'anglo', legal: 'Pty Ltd', cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'] },
  { code: 'NZ', name: 'New Zealand', dial: '64', weight: 1, names: 'anglo', legal: 'Ltd', cities: ['Auckland', 'Wellington'] },
  { code: 'FR', name: 'France', dial: '33', weight: 7, names: 'french', legal: 'SAS', cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux', 'Nantes', 'Lille'] },
  { code: 'BE', name: 'Belgium', dial: '32', weight: 1.5, names: 'dutch', legal: 'SA', cities: ['Brussels', 'Antwerp', 'Ghent', 'Liège'] },
  { code: 'CH', name: 'Switzerland', dial: '41', weight: 1.5, names: 'german', legal: 'AG', cities: ['Zurich', 'Geneva', 'Basel', 'Lausanne'] },
  { code: 'DE', name: 'Germany', dial: '49', weight: 7, names: 'german', legal: 'GmbH', cities: ['Berlin', 'Munich', 'Hamburg', 'Frankfurt', 'Cologne', 'Stuttgart', 'Düsseldorf'] },
  { code: 'AT', name: 'Austria', dial: '43', weight: 1, names: 'german', legal: 'GmbH', cities: ['Vienna', 'Graz', 'Salzburg'] },
  { code: 'ES', name: 'Spain', dial: '34', weight: 4, names: 'hispanic', legal: 'S.L.', cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville', 'Bilbao', 'Málaga'] },
  { code: 'MX', name: 'Mexico', dial: '52', weight: 3, names: 'hispanic', legal: 'S.A. de C.V.', cities: ['Mexico City', 'Guadalajara', 'Monterrey'] },
  { code: 'AR', name: 'Argentina', dial: '54', weight: 1.5, names: 'hispanic', legal: 'S.A.', cities: ['Buenos Aires', 'Córdoba', 'Rosario'] },
  { code: 'CO', name: 'Colombia', dial: '57', weight: 1, names: 'hispanic', legal: 'S.A.S.', cities: ['Bogotá', 'Medellín'] },
  { code: 'IT', name: 'Italy', dial: '39', weight: 3, names: 'italian', legal: 'S.p.A.', cities: ['Milan', 'Rome', 'Turin', 'Bologna', 'Florence', 'Naples'] },
  { code: 'NL', name: 'Netherlands', dial: '31', weight: 3, names: 'dutch', legal: 'B.V.', cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven', 'The Hague'] },
  { code: 'SE', name: 'Sweden', dial: '46', weight: 1.5, names: 'nordic', legal: 'AB', cities: ['Stockholm', 'Gothenburg', 'Malmö'] },
  { code: 'NO', name: 'Norway', dial: '47', weight: 1, names: 'nordic', legal: 'AS', cities: ['Oslo', 'Bergen'] },
  { code: 'DK', name: 'Denmark', dial: '45', weight: 1, names: 'nordic', legal: 'ApS', cities: ['Copenhagen', 'Aarhus'] },
  { code: 'FI', name: 'Finland', dial: '358', weight: 1, names: 'nordic', legal: 'Oy', cities: ['Helsinki', 'Espoo', 'Tampere'] },
  { code: 'PL', name: 'Poland', dial: '48', weight: 2, names: 'slavic', legal: 'Sp. z o.o.', cities: ['Warsaw', 'Kraków', 'Wrocław', 'Gdańsk', 'Poznań'] },
  { code: 'CZ', name: 'Czechia', dial: '420', weight: 1, names: 'slavic', legal: 's.r.o.', cities: ['Prague', 'Brno'] },
  { code: 'UA', name: 'Ukraine', dial: '380', weight: 1, names: 'slavic', legal: 'LLC', cities: ['Kyiv', 'Lviv', 'Kharkiv'] },
  { code: 'PT', name: 'Portugal', dial: '351', weight: 1, names: 'lusophone', legal: 'Lda', cities: ['Lisbon', 'Porto'] },
  { code: 'BR', name: 'Brazil', dial: '55', weight: 5, names: 'lusophone', legal: 'Ltda', cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Porto Alegre'] },
  { code: 'IN', name: 'India', dial: '91', weight: 9, names: 'indian', legal: 'Pvt Ltd', cities: ['Bengaluru', 'Mumbai', 'Hyderabad', 'Pune', 'New Delhi', 'Chennai', 'Gurugram'] },
  { code: 'CN', name: 'China', dial: '86', weight: 2, names: 'chinese', legal: 'Co., Ltd.', cities: ['Shanghai', 'Beijing', 'Shenzhen', 'Hangzhou'] },
  { code: 'SG', name: 'Singapore', dial: '65', weight: 2, names: 'chinese', legal: 'Pte Ltd', cities: ['Singapore'] },
  { code: 'HK', name: 'Hong Kong', dial: '852', weight: 1, names: 'chinese', legal: 'Limited', cities: ['Hong Kong'] },
  { code: 'JP', name: 'Japan', dial: '81', weight: 2, names: 'japanese', legal: 'K.K.', cities: ['Tokyo', 'Osaka', 'Kyoto', 'Fukuoka'] },
  { code: 'KR', name: 'South Korea', dial: '82', weight: 1, names: 'korean', legal: 'Co., Ltd.', cities: ['Seoul', 'Busan', 'Seongnam'] },
  { code: 'NG', name: 'Nigeria', dial: '234', weight: 2, names: 'african', legal: 'Ltd', cities: ['Lagos', 'Abuja'] },
  { code: 'KE', name: 'Kenya', dial: '254', weight: 1, names: 'african', legal: 'Ltd', cities: ['Nairobi', 'Mombasa'] },
  { code: 'ZA', name: 'South Africa', dial: '27', weight: 1.5, names: 'african', legal: '(Pty) Ltd', cities: ['Johannesburg', 'Cape Town', 'Durban'] },
  { code: 'GH', name: 'Ghana', dial: '233', weight: 0.7, names: 'african', legal: 'Ltd', cities: ['Accra', 'Kumasi'] },
  { code: 'AE', name: 'United Arab Emirates', dial: '971', weight: 2, names: 'arabic', legal: 'LLC', cities: ['Dubai', 'Abu Dhabi'] },
  { code: 'EG', name: 'Egypt', dial: '20', weight: 1, names: 'arabic', legal: 'S.A.E.', cities: ['Cairo', 'Alexandria'] },
  { code: 'MA', name: 'Morocco', dial: '212', weight: 0.7, names: 'arabic', legal: 'SARL', cities: ['Casablanca', 'Rabat'] },
  { code: 'TR', name: 'Türkiye', dial: '90', weight: 1.5, names: 'turkish', legal: 'A.Ş.', cities: ['Istanbul', 'Ankara', 'Izmir'] },
  { code: 'VN', name: 'Vietnam', dial: '84', weight: 1, names: 'southeastAsian', legal: 'JSC', cities: ['Ho Chi Minh City', 'Hanoi'] },
  { code: 'ID', name: 'Indonesia', dial: '62', weight: 1.5, names: 'southeastAsian', legal: 'PT', cities: ['Jakarta', 'Bandung', 'Surabaya'] },
  { code: 'PH', name: 'Philippines', dial: '63', weight: 1.5, names: 'southeastAsian', legal: 'Inc.', cities: ['Manila', 'Cebu City'] },
  { code: 'MY', name: 'Malaysia', dial: '60', weight: 1, names: 'southeastAsian', legal: 'Sdn Bhd', cities: ['Kuala Lumpur', 'Penang'] },
];
