import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, profileId, SEND_NOTE, sendFields } from './fields.ts';

export const sendInmailMessage = defineAction({
  name: 'send_inmail_message',
  summary: 'Send an InMail to a profile',
  description:
    'Messages someone who is not a connection. Needs a premium account (PREMIUM_REQUIRED otherwise) and spends an InMail credit, except to Open Profiles ' +
    '(NO_INMAIL_CREDITS when the credits of the last 30 days are spent). `subject` is welink\'s addition (We-Link documents none). Emits MESSAGE_SENT or MESSAGE_FAILED.' +
    SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({ accountId, profile_id: profileId, subject: Type.Optional(Type.String({ maxLength: 200, description: 'InMail subject.' })), ...sendFields }),
  result: messageResult,
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['inmails'],
  errors: ['PROFILE_NOT_FOUND', 'PREMIUM_REQUIRED', 'NO_INMAIL_CREDITS', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId, subject: 'Quick question', message: 'Hi Ada, I came across your profile and...' },
  exampleResult: ex.sent,
});
