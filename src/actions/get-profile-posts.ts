import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';
import { accountId, eitherProfile, ex, pageCount, profileId, profileUrl } from './fields.ts';

export const getProfilePosts = defineAction({
  name: 'get_profile_posts',
  summary: "List a profile's posts (welink)",
  description: "welink's own endpoint: the member's posts, newest first; pass `next_cursor` back as `cursor` for more. Give `profile_id` or `profile_url`. Emits POSTS_FETCHED or POSTS_FAILED.",
  tag: 'Posts',
  input: Type.Object(
    { accountId, profile_id: Type.Optional(profileId), profile_url: Type.Optional(profileUrl), count: Type.Optional(pageCount(100, 20)), cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) },
    eitherProfile,
  ),
  result: Type.Object({
    profile_id: Type.String(),
    posts: Type.Array(
      Type.Object({
        post_id: Type.String(),
        url: Type.String(),
        text: Type.String(),
        posted_at: Type.Union([Type.Number(), Type.Null()]),
        like_count: Type.Integer(),
        comment_count: Type.Integer(),
        repost_count: Type.Integer(),
      }),
    ),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  }),
  events: { success: 'POSTS_FETCHED', failure: 'POSTS_FAILED' },
  sideEffect: false,
  errors: ['PROFILE_NOT_FOUND', 'INVALID_CURSOR', 'SESSION_EXPIRED'],
  example: { accountId: ex.accountId, profile_id: ex.profileId, count: 10 },
  exampleResult: {
    profile_id: ex.profileId,
    posts: [{ post_id: ex.postId, url: `https://www.linkedin.com/feed/update/${ex.postId}/`, text: 'Lessons from shipping a project under a tight deadline.', posted_at: 1731283335936, like_count: 12, comment_count: 3, repost_count: 1 }],
    next_cursor: null,
  },
});
