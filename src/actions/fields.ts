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

/** `profile_id` or `profile_url` (We-Link's pages use both): one of the two is required. */
export const eitherProfile = { anyOf: [{ required: ['profile_id'] }, { required: ['profile_url'] }] };

export const start = Type.Integer({ minimum: 0, maximum: 100000, description: 'Offset of the first item (default 0).' });

export const pageCount = (max: number, def: number) => Type.Integer({ minimum: 1, maximum: max, description: `Items per page (default ${def}, at most ${max}).` });

export const greetingsContext = Type.String({ minLength: 1, maxLength: 2000, description: 'Context for the greeting (e.g. "5 years at Acme").' });

export const invitationId = Type.String({ minLength: 1, maxLength: 200, description: 'Invitation id (from connect, get_connection_status, pending_invites or received_invitations).' });

export const postRef = {
  post_id: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Post URN (urn:li:activity:...), from get_profile_posts.' })),
  post_url: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Post URL (https://www.linkedin.com/feed/update/urn:li:activity:.../).' })),
};

export const eitherPost = { anyOf: [{ required: ['post_id'] }, { required: ['post_url'] }] };

/** Example values shared by the declarations' examples. */
export const ex = {
  accountId: 'acc_01jq3x8m2n4p5r6s7t8v9w0xyz',
  profileId: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  profileUrl: 'https://www.linkedin.com/in/ada-lovelace-3f9a1',
  threadId: '2-ZjA1ZTY4ZDQtNTk3Ny00',
  messageId: 'msg_01jq3xc9r8t7y6u5i4o3p2a1sd',
  invitationId: 'inv_7130045617893aa1',
  postId: 'urn:li:activity:7261528621049708544',
  sent: { thread_id: '2-ZjA1ZTY4ZDQtNTk3Ny00', message_id: 'msg_01jq3xc9r8t7y6u5i4o3p2a1sd', sent_at: 1767603600000 },
};

/** Fields of every send-message call: the text and reply tracking. */
export const sendFields = { message: messageText, frequency: Type.Optional(frequency), track_reply: Type.Optional(trackReply) };

export const SEND_NOTE =
  ' With `track_reply: true` the result carries a `tracker_id` and a MESSAGE_REPLY event arrives when the contact replies (in the sandbox checked every `frequency` hours; in live workspaces seen by the account sync, every 10 to 20 minutes; see get_active_tracker).';
