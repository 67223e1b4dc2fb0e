import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherProfile, ex, profileId, profileUrl } from './fields.ts';

export const visitProfile = defineAction({
  name: 'visit_profile',
  summary: 'View a profile (welink)',
  description:
    "welink's own endpoint: opens the profile as a person would, so it shows in the contact's \"who viewed your profile\". " +
    'Give `profile_id` or `profile_url`. Over the daily profile-view budget the request waits (`GET /api/v1/requests/{id}` shows DAILY_PROFILE_VIEW_LIMIT in `waitingFor`). Emits PROFILE_VIEWED.',
  tag: 'Profiles',
  input: Type.Object({ accountId, profile_id: Type.Optional(profileId), profile_url: Type.Optional(profileUrl) }, eitherProfile),
  result: Type.Object({ viewed: Type.Boolean(), profile_id: Type.String(), public_identifier: Type.Optional(Type.String()) }),
  events: { success: 'PROFILE_VIEWED', failure: 'PROFILE_VIEW_FAILED' },
  sideEffect: true,
  budgets: () => ['profile_views'],
  errors: ['PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_url: ex.profileUrl },
  exampleResult: { viewed: true, profile_id: ex.profileId, public_identifier: 'ada-lovelace-3f9a1' },
});
