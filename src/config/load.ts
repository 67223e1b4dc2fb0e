import { settings, type Config, type Setting } from './schema.ts';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

function parseOne(s: Setting, raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return s.default;
  const fail = (accepts: string): never => {
    throw new ConfigError(`${s.env}=${JSON.stringify(raw)} is not valid: it accepts ${accepts}.`);
  };
  switch (s.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) fail(`a whole number from ${s.min} to ${s.max}`);
      const n = Number(raw.trim());
      if (n < s.min || n > s.max) fail(`a whole number from ${s.min} to ${s.max}`);
      return n;
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return fail('true or false');
    }
    case 'enum': {
      const v = s.values.find((x) => x.toLowerCase() === raw.trim().toLowerCase());
      if (!v) fail(`one of ${s.values.join(', ')}`);
      return v;
    }
    case 'intList': {
      const parts = raw.split(',').map((p) => p.trim());
      if (parts.length === 0 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) fail('comma-separated non-negative numbers of seconds, e.g. 0,5,300');
      return parts.map(Number);
    }
    case 'string':
      if (s.pattern && !s.pattern.test(raw)) fail(s.accepts ?? String(s.pattern));
      return raw;
  }
}

/** Parses the whole configuration once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings) as [string, Setting][]) {
    out[key] = parseOne(s, env[s.env]);
  }
  const config = { ...(out as Config), ...overrides };
  if (config.pacingMinSeconds > config.pacingMaxSeconds) {
    throw new ConfigError(
      `WELINK_PACING_MIN_SECONDS (${config.pacingMinSeconds}) must not exceed WELINK_PACING_MAX_SECONDS (${config.pacingMaxSeconds}).`,
    );
  }
  return config;
}

/** Markdown table of every setting, for the README. */
export function configTable(): string {
  const rows = (Object.values(settings) as Setting[]).map((s) => {
    const def = Array.isArray(s.default) ? s.default.join(',') : String(s.default);
    return `| \`${s.env}\` | \`${def === '' ? '(empty)' : def}\` | ${s.doc} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
