import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, profileId } from './fields.ts';

export const endorse = defineAction({
  name: 'endorse',
  summary: 'Endorse the skills of a 1st-degree connection',
  description: "Endorses up to three of the profile's skills that the account has not endorsed yet (not selectable, as in We-Link). Emits SKILLS_ENDORSED or ENDORSE_FAILED (welink's names).",
  tag: 'Profiles',
  input: Type.Object({ accountId, profile_id: profileId }),
  result: Type.Object({ endorsed: Type.Boolean(), profile_id: Type.String(), skills: Type.Optional(Type.Array(Type.String())) }),
  events: { success: 'SKILLS_ENDORSED', failure: 'ENDORSE_FAILED' },
  sideEffect: true,
  budgets: () => ['engagement'],
  errors: ['PROFILE_NOT_FOUND', 'NOT_CONNECTED', 'NO_SKILLS_TO_ENDORSE', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId },
  exampleResult: { endorsed: true, profile_id: ex.profileId, skills: ['Mathematics', 'Programming'] },
});
