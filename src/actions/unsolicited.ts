import { Type, type TSchema } from '@sinclair/typebox';
import { ex } from './fields.ts';

/** A webhook event no request asked for: LinkedIn-side changes the service notices by itself. */
export interface UnsolicitedEvent {
  type: string;
  /** The payload's `event_type`, a path-like name as third-party integrations of We-Link receive it. */
  eventType: string;
  description: string;
  result: TSchema;
  exampleResult: Record<string, unknown>;
}

const person = {
  profile_id: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  full_name: Type.String(),
};

export const unsolicitedEvents: UnsolicitedEvent[] = [
  {
    type: 'CONNECTION_ACCEPTED',
    eventType: '/api/v1/connection_accepted',
    description: 'An invitation the account sent was accepted. `connect_request_id` is the connect request that sent it.',
    result: Type.Object({
      ...person,
      invitation_id: Type.String(),
      connect_request_id: Type.Union([Type.String(), Type.Null()]),
      headline: Type.String(),
      public_identifier: Type.String(),
      profile_url: Type.String(),
      accepted_at: Type.Number(),
    }),
    exampleResult: {
      profile_id: ex.profileId,
      invitation_id: ex.invitationId,
      connect_request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
      first_name: 'Ada',
      last_name: 'Lovelace',
      full_name: 'Ada Lovelace',
      headline: 'Analyst at Analytical Engines Ltd',
      public_identifier: 'ada-lovelace-3f9a1',
      profile_url: ex.profileUrl,
      accepted_at: 1767603600000,
    },
  },
  {
    type: 'MESSAGE_RECEIVED',
    eventType: '/api/v1/message_received',
    description: 'A contact wrote to the account (any conversation, tracked or not).',
    result: Type.Object({ thread_id: Type.String(), message_id: Type.String(), ...person, text: Type.String(), sent_at: Type.Number() }),
    exampleResult: { thread_id: ex.threadId, message_id: ex.messageId, profile_id: ex.profileId, first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace', text: 'Thanks, sounds interesting!', sent_at: 1767607200000 },
  },
  {
    type: 'MESSAGE_REPLY',
    eventType: '/api/v1/message_reply',
    description:
      'Reply tracking (`track_reply: true` on a send) saw the contact reply, at its first poll after the reply; the tracker then stops. `sent_request_id` is the tracked send.',
    result: Type.Object({
      tracker_id: Type.String(),
      thread_id: Type.String(),
      message_id: Type.String(),
      ...person,
      text: Type.String(),
      replied_at: Type.Number(),
      detected_at: Type.Number(),
      sent_request_id: Type.Union([Type.String(), Type.Null()]),
    }),
    exampleResult: {
      tracker_id: 'trk_01jq3xd4f5g6h7j8k9m0n1p2q3',
      thread_id: ex.threadId,
      message_id: ex.messageId,
      profile_id: ex.profileId,
      first_name: 'Ada',
      last_name: 'Lovelace',
      full_name: 'Ada Lovelace',
      text: 'Thanks, sounds interesting!',
      replied_at: 1767607200000,
      detected_at: 1767610800000,
      sent_request_id: 'req_01jq3xb1c2d3e4f5g6h7j8k9m0',
    },
  },
];
