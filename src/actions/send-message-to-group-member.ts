import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, profileId, SEND_NOTE, sendFields } from './fields.ts';

export const sendMessageToGroupMember = defineAction({
  name: 'send_message_to_group_member',
  summary: 'Send a message to a fellow group member',
  description: 'Messages a member of a LinkedIn group the account belongs to, without being connected. Emits MESSAGE_SENT or MESSAGE_FAILED.' + SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({ accountId, group_id: Type.String({ minLength: 1, maxLength: 100, description: 'LinkedIn group id (linkedin.com/groups/<id>).' }), profile_id: profileId, ...sendFields }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['messages'],
  errors: ['GROUP_NOT_FOUND', 'NOT_GROUP_MEMBER', 'PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, group_id: '875834', profile_id: ex.profileId, message: 'Hi, I saw your post in the group.' },
  exampleResult: ex.sent,
});
