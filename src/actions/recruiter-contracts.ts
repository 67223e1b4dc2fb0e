import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex } from './fields.ts';

const Contract = Type.Object({ contract_id: Type.String(), name: Type.String(), category: Type.String(), sso_enabled: Type.Boolean() });

export const recruiterContracts = defineAction({
  name: 'recruiter_contracts',
  summary: 'List LinkedIn Recruiter contracts',
  description:
    'The Recruiter contracts of the account; send_recruiter_message takes a `contract_id`. We-Link\'s sample shows one contract object: ' +
    'the first contract\'s fields are at the top of the result, and `contracts` lists them all. Emits RECRUITER_CONTRACTS_FETCHED or RECRUITER_CONTRACTS_FAILED.',
  tag: 'Account management',
  input: Type.Object({ accountId }),
  result: Type.Composite([Contract, Type.Object({ contracts: Type.Array(Contract) })]),
  events: { success: 'RECRUITER_CONTRACTS_FETCHED', failure: 'RECRUITER_CONTRACTS_FAILED' },
  sideEffect: false,
  errors: ['RECRUITER_SEAT_REQUIRED', 'RECRUITER_ACKNOWLEDGEMENT_REQUIRED', 'RECRUITER_AUTH_REQUIRED', 'RECRUITER_LOGIN_SUBMISSION_FAILED', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId },
  exampleResult: { contract_id: '412345678', name: 'Acme Talent', category: 'RECRUITER', sso_enabled: false, contracts: [{ contract_id: '412345678', name: 'Acme Talent', category: 'RECRUITER', sso_enabled: false }] },
});
