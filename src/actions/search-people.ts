import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex } from './fields.ts';

export const searchPeople = defineAction({
  name: 'search_people',
  summary: 'Search people (welink)',
  description:
    "welink's own endpoint: LinkedIn's people search with keywords, network degree (`network`: F = 1st, S = 2nd, O = 3rd and beyond; 1, 2, 3 also work), " +
    'current company (id or name) and location (country code or words) filters, paged with `start` and `count`. ' +
    'Like LinkedIn, a search never returns more than 1,000 results: `total` is capped at 1,000 and nothing is found at `start` 1,000 or beyond. ' +
    'Results are ordered by degree, then relevance. Emits SEARCH_COMPLETED or SEARCH_FAILED.',
  tag: 'Search',
  input: Type.Object({
    accountId,
    keywords: Type.Optional(Type.String({ maxLength: 500, description: 'Words that must all match (name, headline, company, skills).' })),
    network: Type.Optional(
      Type.Array(Type.Union([Type.Literal('F'), Type.Literal('S'), Type.Literal('O'), Type.Literal(1), Type.Literal(2), Type.Literal(3)]), { maxItems: 3, description: 'Degrees to include.' }),
    ),
    company: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Current company: its id or part of its name.' })),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A country code ("DE") or words of the place ("munich").' })),
    start: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, description: 'Offset of the first result (default 0).' })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'Results per page (default 10, at most 50).' })),
  }),
  result: Type.Object({
    total: Type.Integer({ maximum: 1000, description: 'Matches, capped at 1,000.' }),
    results: Type.Array(
      Type.Object(
        {
          profile_id: Type.String(),
          public_identifier: Type.String(),
          profile_url: Type.String(),
          full_name: Type.String(),
          first_name: Type.String(),
          last_name: Type.String(),
          headline: Type.String(),
          location: Type.String(),
          degree: Type.Union([Type.Integer(), Type.Null()]),
          company: Type.Object({ company_id: Type.String(), name: Type.String() }),
          company_name: Type.String(),
        },
        { additionalProperties: true },
      ),
    ),
    start: Type.Integer(),
    next_start: Type.Union([Type.Integer(), Type.Null()]),
  }),
  events: { success: 'SEARCH_COMPLETED', failure: 'SEARCH_FAILED' },
  sideEffect: false,
  budgets: () => ['searches'],
  errors: ['SESSION_EXPIRED'],
  example: { accountId: ex.accountId, keywords: 'data engineer', network: ['S'], location: 'DE', start: 0, count: 10 },
  exampleResult: {
    total: 87,
    results: [
      {
        profile_id: ex.profileId,
        public_identifier: 'ada-lovelace-3f9a1',
        profile_url: ex.profileUrl,
        full_name: 'Ada Lovelace',
        first_name: 'Ada',
        last_name: 'Lovelace',
        headline: 'Data Engineer at Analytical Engines Ltd',
        location: 'Munich, Germany',
        degree: 2,
        company: { company_id: '6553158', name: 'Analytical Engines Ltd' },
        company_name: 'Analytical Engines Ltd',
      },
    ],
    start: 0,
    next_start: 10,
  },
});
