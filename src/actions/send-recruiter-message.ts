import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, messageResult, profileId, SEND_NOTE, sendFields } from './fields.ts';

export const sendRecruiterMessage = defineAction({
  name: 'send_recruiter_message',
  summary: 'Send a message from a Recruiter account',
  description:
    "We-Link documents this operation (\"Send messages to a profile from Recruiter account\") but not its path: `send_recruiter_message` is welink's name. " +
    'Needs a LinkedIn Recruiter seat and a `contract_id` from recruiter_contracts. Emits MESSAGE_SENT or MESSAGE_FAILED.' +
    SEND_NOTE,
  tag: 'Messaging',
  input: Type.Object({
    accountId,
    contract_id: Type.String({ minLength: 1, maxLength: 100, description: 'From recruiter_contracts.' }),
    profile_id: profileId,
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    signature: Type.String({ minLength: 1, maxLength: 1000 }),
    ...sendFields,
  }),
  result: Type.Composite([Type.Object({ message: Type.String({ description: 'Confirmation text.' }) }), messageResult]),
  events: { success: 'MESSAGE_SENT', failure: 'MESSAGE_FAILED' },
  sideEffect: true,
  budgets: () => ['inmails'],
  errors: ['RECRUITER_SEAT_REQUIRED', 'RECRUITER_ACKNOWLEDGEMENT_REQUIRED', 'RECRUITER_AUTH_REQUIRED', 'RECRUITER_LOGIN_SUBMISSION_FAILED', 'CONTRACT_NOT_FOUND', 'PROFILE_NOT_FOUND', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, contract_id: '412345678', profile_id: ex.profileId, subject: 'An opening at Acme', message: 'Hi Ada, we are hiring...', signature: 'Grace, Talent at Acme' },
  exampleResult: { message: 'Message sent', ...ex.sent },
});
