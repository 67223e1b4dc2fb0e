import { Type } from '@sinclair/typebox';

/** Request and result fields shared by many actions, with We-Link's names. */
export const accountId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The welink id of the connected LinkedIn account (from login_v2 or get_all_ln_accounts).',
  examples: ['acc_01jq3x8m2n4p5r6s7t8v9w0xyz'],
});

export const profileId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: "LinkedIn's member id of the target profile (from get_profile_details or search_people).",
  examples: ['ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'],
});

export const profileUrl = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'The LinkedIn profile URL, e.g. https://www.linkedin.com/in/ada-lovelace-3f9a1',
  examples: ['https://www.linkedin.com/in/ada-lovelace-3f9a1'],
});

export const threadId = Type.String({ minLength: 1, maxLength: 300, description: 'LinkedIn conversation id.' });

export const messageText = Type.String({ minLength: 1, maxLength: 8000, description: 'The text to send.' });

export const trackReply = Type.Boolean({ description: 'Watch the thread and send MESSAGE_REPLY when the contact replies.' });

export const frequency = Type.Number({ minimum: 0.05, maximum: 720, description: 'Reply-tracking poll interval in hours (default 1).' });

export const messageResult = Type.Object({
  thread_id: Type.String(),
  message_id: Type.String(),
  sent_at: Type.Number({ description: 'Milliseconds since the epoch.' }),
  tracker_id: Type.Optional(Type.String({ description: 'Set when track_reply was true.' })),
});
