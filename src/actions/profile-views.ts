import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex } from './fields.ts';

export const profileViews = defineAction({
  name: 'profile_views',
  summary: 'Who viewed the account\'s profile',
  description: 'The recent viewers of the account\'s own profile, newest first (`time` in milliseconds). Asynchronous, as We-Link shows its result among webhook events. Emits PROFILE_VIEWS_FETCHED or PROFILE_VIEWS_FAILED.',
  tag: 'Account management',
  input: Type.Object({ accountId }),
  result: Type.Object({
    total: Type.Integer(),
    data: Type.Array(
      Type.Object({
        full_name: Type.String(),
        first_name: Type.String(),
        last_name: Type.String(),
        public_identifier: Type.String(),
        profile_id: Type.String(),
        image: Type.Union([Type.String(), Type.Null()]),
        title: Type.String(),
        company: Type.Union([Type.String(), Type.Null()]),
        time: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
  }),
  events: { success: 'PROFILE_VIEWS_FETCHED', failure: 'PROFILE_VIEWS_FAILED' },
  sideEffect: false,
  errors: ['SESSION_EXPIRED'],
  example: { accountId: ex.accountId },
  exampleResult: {
    total: 1,
    data: [{ full_name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace', public_identifier: 'ada-lovelace-3f9a1', profile_id: ex.profileId, image: null, title: 'Analyst', company: 'Analytical Engines Ltd', time: 1767603600000 }],
  },
});
