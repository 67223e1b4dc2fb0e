import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherProfile, ex, profileId, profileUrl } from './fields.ts';

export const followProfile = defineAction({
  name: 'follow_profile',
  summary: 'Follow a profile (welink)',
  description: "welink's own endpoint: follows the member's posts without connecting. Give `profile_id` or `profile_url`. Emits PROFILE_FOLLOWED or FOLLOW_FAILED.",
  tag: 'Profiles',
  input: Type.Object({ accountId, profile_id: Type.Optional(profileId), profile_url: Type.Optional(profileUrl) }, eitherProfile),
  result: Type.Object({ followed: Type.Boolean(), profile_id: Type.String() }),
  events: { success: 'PROFILE_FOLLOWED', failure: 'FOLLOW_FAILED' },
  sideEffect: true,
  budgets: () => ['engagement'],
  errors: ['PROFILE_NOT_FOUND', 'ALREADY_FOLLOWING', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId },
  exampleResult: { followed: true, profile_id: ex.profileId },
});
