import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, ex, profileId } from './fields.ts';

export const disconnect = defineAction({
  name: 'disconnect',
  summary: 'Remove a 1st-degree connection',
  description: "Removes the connection. Emits CONNECTION_REMOVED or DISCONNECT_FAILED (welink's names; We-Link documents none).",
  tag: 'Connections',
  input: Type.Object({ accountId, profile_id: profileId }),
  result: Type.Object({ disconnected: Type.Boolean(), profile_id: Type.String() }),
  events: { success: 'CONNECTION_REMOVED', failure: 'DISCONNECT_FAILED' },
  sideEffect: true,
  destructive: true,
  errors: ['PROFILE_NOT_FOUND', 'NOT_CONNECTED', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId },
  exampleResult: { disconnected: true, profile_id: ex.profileId },
});
