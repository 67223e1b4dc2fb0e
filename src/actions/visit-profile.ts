import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, profileId, profileUrl } from './fields.ts';

export const visitProfile = defineAction({
  name: 'visit_profile',
  summary: 'View a profile (welink)',
  description:
    "welink's own endpoint: opens the profile as a person would, so it shows in the contact's \"who viewed your profile\". " +
    'Give `profile_id` or `profile_url`. Counts against the daily profile-view budget. Emits PROFILE_VIEWED.',
  tag: 'Profiles',
  input: Type.Object(
    { accountId, profile_id: Type.Optional(profileId), profile_url: Type.Optional(profileUrl) },
    { anyOf: [{ required: ['profile_id'] }, { required: ['profile_url'] }] },
  ),
  result: Type.Object({ viewed: Type.Boolean(), profile_id: Type.String(), public_identifier: Type.Optional(Type.String()) }),
  events: { success: 'PROFILE_VIEWED', failure: 'PROFILE_VIEW_FAILED' },
  sideEffect: true,
  errors: ['PROFILE_NOT_FOUND', 'DAILY_PROFILE_VIEW_LIMIT'],
  example: { accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz', profile_url: 'https://www.linkedin.com/in/ada-lovelace-3f9a1' },
  exampleResult: { viewed: true, profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', public_identifier: 'ada-lovelace-3f9a1' },
});
