import type { RateLimitPolicy, WindowUsage } from '../engine/rate-limit.ts';

/** The IETF RateLimit headers for an account's window usage. */
export function rateLimitHeaders(u: WindowUsage, policy: RateLimitPolicy): Record<string, string> {
  return {
    'ratelimit-policy': `"hourly";q=${policy.limit};w=${Math.round(policy.windowMs / 1000)}`,
    ratelimit: `"hourly";r=${u.remaining};t=${u.resetSeconds}`,
  };
}
