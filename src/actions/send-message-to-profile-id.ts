import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, profileId, SEND_NOTE, sendFields } from './fields.ts';

export const sendMessageToProfileId = defineAction({
  name: 'send_message_to_profile_id',
  summary: 'Send a message to a profile',
  description:
    'Sends a direct message to a 1st-degree connection (others need `send_inmail_message`). ' +
    'We-Link documents the operation but not its path; this one comes from third-party integrations. Emits MESSAGE_SENT or MESSAGE_FAILED.' +
    SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({ accountId, profile_id: profileId, ...sendFields }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['messages'],
  errors: ['PROFILE_NOT_FOUND', 'NOT_CONNECTED', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId, message: 'Thanks for connecting!', track_reply: true, frequency: 1 },
  exampleResult: { ...ex.sent, tracker_id: 'trk_01jq3xd4f5g6h7j8k9m0n1p2q3' },
});
