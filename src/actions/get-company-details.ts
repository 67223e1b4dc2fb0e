import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex } from './fields.ts';

export const getCompanyDetails = defineAction({
  name: 'get_company_details',
  summary: 'Get a company page (welink)',
  description: "welink's own endpoint: a company page by `company_id`, `company_url` or `universal_name` (give one). Emits COMPANY_DATA or COMPANY_DATA_FAILED.",
  tag: 'Companies',
  input: Type.Object(
    {
      accountId,
      company_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      company_url: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'https://www.linkedin.com/company/<slug>/' })),
      universal_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The slug of the company page URL.' })),
    },
    { anyOf: [{ required: ['company_id'] }, { required: ['company_url'] }, { required: ['universal_name'] }] },
  ),
  result: Type.Object(
    {
      company_id: Type.String(),
      name: Type.String(),
      universal_name: Type.String(),
      url: Type.String(),
      industry: Type.String(),
      size: Type.String(),
      headquarters: Type.String(),
      website: Type.String(),
      description: Type.String(),
      founded_year: Type.Integer(),
      follower_count: Type.Integer(),
      logo: Type.String(),
    },
    { additionalProperties: true },
  ),
  events: { success: 'COMPANY_DATA', failure: 'COMPANY_DATA_FAILED' },
  sideEffect: false,
  errors: ['COMPANY_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, company_url: 'https://www.linkedin.com/company/analytical-engines/' },
  exampleResult: {
    company_id: '6553158',
    name: 'Analytical Engines Ltd',
    universal_name: 'analytical-engines',
    url: 'https://www.linkedin.com/company/analytical-engines/',
    industry: 'Computer Software',
    size: '51-200',
    headquarters: 'London, United Kingdom',
    website: 'https://analytical-engines.example',
    description: 'We build engines that compute.',
    founded_year: 1843,
    follower_count: 5400,
    logo: 'https://media.welink-sandbox.example/logo/ae.png',
  },
});
