/**
 * Every setting welink reads, with its environment variable, default and meaning. This table is the
 * only place that knows about environment variables; `loadConfig` parses it once at start and the
 * README's configuration table is generated from the same entries (`npx welink config`).
 */
export type Setting =
  | { kind: 'int'; env: string; default: number; min: number; max: number; doc: string }
  | {
      kind: 'string';
      env: string;
      default: string;
      doc: string;
      pattern?: RegExp;
      accepts?: string;
      /** Never echoed (errors, `welink config`): `whole` hides the value, `url-password` the password of a URL. */
      secret?: 'whole' | 'url-password';
      /** A path: resolved against the project root (the folder of welink's package.json), never the current directory. */
      path?: true;
    }
  | { kind: 'enum'; env: string; default: string; values: readonly string[]; doc: string }
  | { kind: 'bool'; env: string; default: boolean; doc: string }
  | { kind: 'intList'; env: string; default: number[]; doc: string };

export const settings = {
  port: { kind: 'int', env: 'PORT', default: 8080, min: 0, max: 65535, doc: 'TCP port of the HTTP server.' },
  host: { kind: 'string', env: 'HOST', default: '0.0.0.0', doc: 'Interface the HTTP server binds to.' },
  databaseUrl: {
    kind: 'string',
    env: 'DATABASE_URL',
    default: '',
    pattern: /^$|^(postgres|postgresql):\/\/.+|^sqlite:.+/,
    accepts: 'empty (SQLite file in WELINK_DATA_DIR), sqlite:<path>, or postgres://user@host:port/db',
    secret: 'url-password',
    doc: 'Database. Empty: a SQLite file `welink.sqlite` in the data folder. `postgres://...` for PostgreSQL.',
  },
  logLevel: {
    kind: 'enum',
    env: 'LOG_LEVEL',
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    doc: 'Log level of the JSON logs on stdout.',
  },
  publicUrl: {
    kind: 'string',
    env: 'WELINK_PUBLIC_URL',
    default: '',
    pattern: /^$|^https?:\/\/[^\s/?#]+\/?$/,
    accepts: 'empty, or the http(s) origin browsers reach welink at, e.g. https://welink.example.com',
    doc: 'Public address of this server, for hosted connection links and the console\'s origin checks (set it behind a reverse proxy). Empty: the Host of each request.',
  },
  dataDir: {
    kind: 'string',
    env: 'WELINK_DATA_DIR',
    default: 'data',
    path: true,
    doc: "Folder for the SQLite file and the generated master key. A relative path is taken from welink's own folder (where its package.json is), never from the current directory.",
  },
  masterKey: {
    kind: 'string',
    env: 'WELINK_MASTER_KEY',
    default: '',
    pattern: /^$|^[A-Za-z0-9+/_-]{43}=?$/,
    accepts: '32 bytes in base64 (44 characters), e.g. from `openssl rand -base64 32`',
    secret: 'whole',
    doc: 'Key that encrypts LinkedIn passwords and cookies at rest. Empty: generated once into `<data dir>/master.key` (mode 0600).',
  },
  pacing: { kind: 'enum', env: 'WELINK_PACING', default: 'on', values: ['on', 'off'], doc: '`off` removes every wait between actions (tests, benchmarks).' },
  pacingMinSeconds: { kind: 'int', env: 'WELINK_PACING_MIN_SECONDS', default: 45, min: 0, max: 86400, doc: 'Shortest pause between two actions of one account.' },
  pacingMaxSeconds: { kind: 'int', env: 'WELINK_PACING_MAX_SECONDS', default: 300, min: 0, max: 86400, doc: 'Longest pause between two actions of one account.' },
  pacingDistribution: {
    kind: 'enum',
    env: 'WELINK_PACING_DISTRIBUTION',
    default: 'lognormal',
    values: ['lognormal', 'uniform'],
    doc: 'Shape of the pause: `lognormal` (most pauses short, a few long, like a person) or `uniform`, both clamped to min..max.',
  },
  rateLimit: { kind: 'int', env: 'WELINK_RATE_LIMIT', default: 30, min: 1, max: 100000, doc: 'Accepted asynchronous requests per LinkedIn account per window.' },
  rateWindowSeconds: { kind: 'int', env: 'WELINK_RATE_WINDOW_SECONDS', default: 3600, min: 1, max: 604800, doc: 'Length of the rolling rate-limit window.' },
  syncRateLimit: {
    kind: 'int',
    env: 'WELINK_SYNC_RATE_LIMIT',
    default: 600,
    min: 1,
    max: 10_000_000,
    doc: 'Synchronous calls (get_response, account management) per credential pair per minute.',
  },
  liveSyncMinutes: {
    kind: 'int',
    env: 'WELINK_LIVE_SYNC_MINUTES',
    default: 15,
    min: 1,
    max: 1440,
    doc: 'Live accounts: mean time between two syncs of an account (new messages, accepted invitations), each drawn between 2/3 and 4/3 of it, inside its active hours, never while it is held.',
  },
  loginsPerHour: {
    kind: 'int',
    env: 'WELINK_LOGINS_PER_HOUR',
    default: 3,
    min: 1,
    max: 100,
    doc: 'Credential logins (login_v2) one account may start per rolling hour; more answer 429 LOGIN_RATE_LIMITED. Logins do not count toward WELINK_RATE_LIMIT.',
  },
  holdAfter429Minutes: {
    kind: 'int',
    env: 'WELINK_HOLD_AFTER_429_MINUTES',
    default: 15,
    min: 1,
    max: 1440,
    doc: 'How long an account is held (nothing sent to LinkedIn) after LinkedIn answers HTTP 429; doubled on each repeat within 24 h, at most 24 h.',
  },
  holdAfter999Hours: {
    kind: 'int',
    env: 'WELINK_HOLD_AFTER_999_HOURS',
    default: 6,
    min: 1,
    max: 168,
    doc: 'How long an account is held after LinkedIn answers HTTP 999 (bot suspicion); a second 999 within 24 h pauses the account until its owner resumes it.',
  },
  maxAccountsPerWorkspace: {
    kind: 'int',
    env: 'WELINK_MAX_ACCOUNTS_PER_WORKSPACE',
    default: 1000,
    min: 1,
    max: 1_000_000,
    doc: 'LinkedIn accounts one workspace may hold; a login that would add one more is refused with 403 ACCOUNT_LIMIT_REACHED.',
  },
  retentionDays: { kind: 'int', env: 'WELINK_RETENTION_DAYS', default: 30, min: 1, max: 3650, doc: 'Days a finished request (and its events) is kept.' },
  leaseSeconds: { kind: 'int', env: 'WELINK_LEASE_SECONDS', default: 30, min: 2, max: 3600, doc: 'Lease of a running request; a worker that stops heartbeating loses it after this.' },
  workerConcurrency: {
    kind: 'int',
    env: 'WELINK_WORKER_CONCURRENCY',
    default: 32,
    min: 1,
    max: 4096,
    doc: 'Accounts one worker process runs at the same time (each account still runs one action at a time).',
  },
  pollMs: { kind: 'int', env: 'WELINK_POLL_MS', default: 1000, min: 10, max: 60000, doc: 'How often an idle worker looks for work when no wake-up arrives.' },
  webhookRetrySchedule: {
    kind: 'intList',
    env: 'WELINK_WEBHOOK_RETRY_SCHEDULE',
    default: [0, 5, 300, 1800, 7200, 18000, 36000, 36000],
    doc: 'Seconds before each webhook attempt, comma-separated (jitter is added).',
  },
  webhookEndpointConcurrency: {
    kind: 'int',
    env: 'WELINK_WEBHOOK_ENDPOINT_CONCURRENCY',
    default: 32,
    min: 1,
    max: 1000,
    doc: 'Attempts in flight at once for one webhook endpoint (across every worker process): a slow endpoint holds at most these many of the dispatchers\' slots. It also caps one endpoint\'s throughput: a slot is held from the claim until the attempt is recorded (the HTTP round trip plus a commit), so raise it for a busy endpoint far away. Half of one dispatcher\'s 64 slots by default.',
  },
  webhookTimeoutMs: { kind: 'int', env: 'WELINK_WEBHOOK_TIMEOUT_MS', default: 15000, min: 100, max: 120000, doc: 'Timeout of one webhook attempt.' },
  webhookAllowPrivate: {
    kind: 'bool',
    env: 'WELINK_WEBHOOK_ALLOW_PRIVATE',
    default: false,
    doc: 'Allow webhook URLs on loopback, private, link-local and metadata addresses (local development only).',
  },
  webhookDisableAfterHours: {
    kind: 'int',
    env: 'WELINK_WEBHOOK_DISABLE_AFTER_HOURS',
    default: 120,
    min: 1,
    max: 8760,
    doc: 'An endpoint that has failed every attempt for this long is disabled.',
  },
  proxyAllowPrivate: {
    kind: 'bool',
    env: 'WELINK_PROXY_ALLOW_PRIVATE',
    default: false,
    doc: 'Allow LinkedIn account proxies on loopback, private or link-local addresses (otherwise refused, so a tenant cannot reach internal hosts).',
  },
  sandboxSeed: { kind: 'string', env: 'WELINK_SANDBOX_SEED', default: 'welink', doc: 'Seed of the simulated LinkedIn.' },
  sandboxTickMs: { kind: 'int', env: 'WELINK_SANDBOX_TICK_MS', default: 5000, min: 10, max: 600000, doc: 'How often the sandbox moves its simulated LinkedIn forward (acceptances, replies, reply trackers).' },
  linkedinBaseUrl: {
    kind: 'string',
    env: 'WELINK_LINKEDIN_BASE_URL',
    default: 'https://www.linkedin.com',
    pattern: /^https?:\/\/[^\s]+$/,
    accepts: 'an http(s) URL',
    doc: 'Where the live provider sends LinkedIn calls (tests point it at a local fake).',
  },
  sqliteSynchronous: {
    kind: 'enum',
    env: 'WELINK_SQLITE_SYNCHRONOUS',
    default: 'FULL',
    values: ['FULL', 'NORMAL'],
    doc: 'SQLite fsync policy. FULL: every acknowledged request is on disk before the acknowledgement.',
  },
  pgNamedStatements: {
    kind: 'bool',
    env: 'WELINK_PG_NAMED_STATEMENTS',
    default: true,
    doc: 'PostgreSQL: send the hot queries (acceptance, get_response, the engine\'s finish) as named statements, parsed and planned once per connection. Turn off behind a pooler in transaction mode that does not track prepared statements (PgBouncer before 1.21, or without max_prepared_statements).',
  },
  authCacheMs: {
    kind: 'int',
    env: 'WELINK_AUTH_CACHE_MS',
    default: 1000,
    min: 0,
    max: 60000,
    doc: 'How long a verified credential pair is cached in memory; a revocation takes effect within this time.',
  },
  faultKillAfterEffect: {
    kind: 'int',
    env: 'WELINK_FAULT_KILL_AFTER_EFFECT',
    default: 0,
    min: 0,
    max: 100,
    doc: 'Test-only fault injection, never set in production: the percentage of side-effecting actions after which the worker process kills itself (SIGKILL) between the effect and the transaction that records it, so crash tests hit that window.',
  },
  faultActionDelayMs: {
    kind: 'int',
    env: 'WELINK_FAULT_ACTION_DELAY_MS',
    default: 0,
    min: 0,
    max: 600000,
    doc: 'Test-only, never set in production: every provider call first waits this long, so shutdown tests can catch a worker mid-action.',
  },
} as const satisfies Record<string, Setting>;

type ValueOf<S extends Setting> = S extends { kind: 'int' }
  ? number
  : S extends { kind: 'bool' }
    ? boolean
    : S extends { kind: 'intList' }
      ? number[]
      : S extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : string;

export type Config = { -readonly [K in keyof typeof settings]: ValueOf<(typeof settings)[K]> };
