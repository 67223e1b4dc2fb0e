import { Type, type TSchema } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherProfile, ex, profileId, profileUrl } from './fields.ts';

const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

export const getProfileContactDetails = defineAction({
  name: 'get_profile_contact_details',
  summary: 'Get a profile\'s contact details',
  description:
    'Email, phone and birthday as the contact-info panel shows them: LinkedIn shows them to 1st-degree connections only (null otherwise). ' +
    "Give `profile_id` or `profile_url`. The path comes from third-party integrations of We-Link; the result is welink's. Emits CONTACT_DETAILS or CONTACT_DETAILS_FAILED.",
  tag: 'Profiles',
  input: Type.Object({ accountId, profile_id: Type.Optional(profileId), profile_url: Type.Optional(profileUrl) }, eitherProfile),
  result: Type.Object({
    profile_id: Type.String(),
    email: nullable(Type.String()),
    phone: nullable(Type.String()),
    phones: Type.Array(Type.String()),
    websites: Type.Array(Type.String()),
    address: nullable(Type.String()),
    birthday: nullable(Type.Object({ month: Type.Integer(), day: Type.Integer() })),
    connected_at: nullable(Type.Number()),
  }),
  events: { success: 'CONTACT_DETAILS', failure: 'CONTACT_DETAILS_FAILED' },
  sideEffect: false,
  budgets: () => ['profile_views'],
  errors: ['PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId },
  exampleResult: { profile_id: ex.profileId, email: 'ada@analytical-engines.example', phone: null, phones: [], websites: [], address: null, birthday: { month: 12, day: 10 }, connected_at: 1767603600000 },
});
