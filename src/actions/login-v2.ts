import { Type } from '@sinclair/typebox';
import { defineAction } from './define.ts';

export const loginV2 = defineAction({
  name: 'login_v2',
  summary: 'Connect a LinkedIn account (login)',
  description:
    'Logs a LinkedIn account in with its email and password. The acknowledgement carries the new `accountId`. ' +
    'The outcome arrives as LOGIN_SUCCESS, LOGIN_PIN_REQUIRED (then call `login_code` with the PIN) or LOGIN_FAILED. ' +
    'Calling it again with the email of an existing account of the workspace reconnects that account (same accountId) ' +
    'and resumes its paused requests.',
  tag: 'Account management',
  kind: 'login',
  input: Type.Object({
    email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$', description: 'LinkedIn login email.' }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: 'LinkedIn password. Encrypted at rest, never returned or logged.' }),
    proxy: Type.Optional(
      Type.Object(
        {
          location: Type.Optional(Type.String({ minLength: 2, maxLength: 2, description: 'Internal proxy country (ISO 3166 alpha-2).' })),
          host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
          username: Type.Optional(Type.String({ maxLength: 255 })),
          password: Type.Optional(Type.String({ maxLength: 1024 })),
          protocol: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('socks5')])),
        },
        { description: 'Internal proxy `{ "location": "US" }` or your own `{ host, port, username, password }`.' },
      ),
    ),
  }),
  result: Type.Object({
    first_name: Type.String(),
    last_name: Type.String(),
    profile_id: Type.String(),
    public_identifier: Type.String(),
    premium: Type.Boolean(),
    occupation: Type.String(),
    email: Type.String(),
    headline: Type.Optional(Type.String()),
    location: Type.Optional(Type.String()),
  }),
  events: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILED' },
  sideEffect: false,
  secretFields: ['password', 'proxy'],
  errors: ['PIN_REQUIRED', 'WRONG_PASSWORD', 'WRONG_PIN', 'CHECKPOINT_REQUIRED', 'ACCOUNT_RESTRICTED', 'PROXY_ERROR', 'LOGIN_FAILED', 'LOGIN_RATE_LIMITED', 'BASIC_INFO_NOT_FOUND', 'LOGIN_INTERRUPTED', 'LINKEDIN_UNREACHABLE'],
  // PIN_REQUIRED is not a failure: the request waits for login_code (event LOGIN_PIN_REQUIRED).
  example: { email: 'ada@example.com', password: 'correct horse battery staple' },
  exampleResult: {
    first_name: 'Ada',
    last_name: 'Lovelace',
    profile_id: 'ACoAABcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    public_identifier: 'ada-lovelace-3f9a1',
    premium: false,
    occupation: 'Analyst at Analytical Engines Ltd',
    email: 'ada@example.com',
  },
});
