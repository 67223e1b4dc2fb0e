import { isAbsolute, resolve } from 'node:path';
import { projectRoot } from './paths.ts';
import { settings, type Config, type Setting } from './schema.ts';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

export type ConfigSource = 'default' | 'environment';

/** One setting as it is in effect, for `welink config`; secrets already masked. */
export interface EffectiveSetting {
  key: keyof Config;
  env: string;
  value: string;
  source: ConfigSource;
  doc: string;
}

/** What a setting accepts, in words: the same text for a wrong value and for an empty one. */
function accepts(s: Setting): string {
  switch (s.kind) {
    case 'int':
      return `a whole number from ${s.min} to ${s.max}`;
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${s.values.join(', ')}`;
    case 'intList':
      return 'comma-separated non-negative numbers of seconds, e.g. 0,5,300';
    case 'string':
      return s.accepts ?? (s.pattern ? String(s.pattern) : 'any text');
  }
}

function shown(s: Setting, raw: string): string {
  if (s.kind !== 'string' || !s.secret) return raw;
  if (s.secret === 'whole') return raw === '' ? '' : '(hidden)';
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

function parseOne(s: Setting, raw: string | undefined): unknown {
  if (raw === undefined) return s.default;
  const fail = (): never => {
    const value = s.kind === 'string' && s.secret === 'whole' ? ' is not valid (its value is not shown)' : `=${JSON.stringify(shown(s, raw))} is not valid`;
    throw new ConfigError(`${s.env}${value}: it accepts ${accepts(s)}.`);
  };
  if (raw.trim() === '') {
    // Only settings whose documented default is empty take an empty value: an empty PORT is a
    // mistake in an env file, not a wish for 8080.
    if (s.kind === 'string' && s.default === '') return '';
    throw new ConfigError(`${s.env} is set but empty: unset it to use the default (${formatValue(s, s.default)}), or give ${accepts(s)}.`);
  }
  switch (s.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) fail();
      const n = Number(raw.trim());
      if (n < s.min || n > s.max) fail();
      return n;
    }
    case 'bool': {
      const v = raw.trim();
      if (v === 'true') return true;
      if (v === 'false') return false;
      return fail();
    }
    case 'enum': {
      const v = s.values.find((x) => x.toLowerCase() === raw.trim().toLowerCase());
      if (!v) fail();
      return v;
    }
    case 'intList': {
      const parts = raw.split(',').map((p) => p.trim());
      if (parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) fail();
      return parts.map(Number);
    }
    case 'string':
      if (s.pattern && !s.pattern.test(raw)) fail();
      return raw;
  }
}

function formatValue(s: Setting, value: unknown): string {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return shown(s, text) === '' ? '(empty)' : shown(s, text);
}

/** A relative `sqlite:` file is taken from the project root too, like the data folder. */
function resolveSqliteUrl(url: string): string {
  if (!url.startsWith('sqlite:')) return url;
  const file = url.slice('sqlite:'.length);
  return file === ':memory:' || isAbsolute(file) ? url : `sqlite:${resolve(projectRoot(), file)}`;
}

function parseAll(env: Record<string, string | undefined>): { values: Record<string, unknown>; sources: Record<string, ConfigSource> } {
  const values: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  for (const [key, s] of Object.entries(settings) as [string, Setting][]) {
    const raw = env[s.env];
    const value = parseOne(s, raw);
    values[key] = s.kind === 'string' && s.path ? resolve(projectRoot(), String(value)) : value;
    sources[key] = raw === undefined ? 'default' : 'environment';
  }
  values.databaseUrl = resolveSqliteUrl(String(values.databaseUrl));
  return { values, sources };
}

function crossChecks(config: Config): void {
  if (config.pacingMinSeconds > config.pacingMaxSeconds) {
    throw new ConfigError(
      `WELINK_PACING_MIN_SECONDS (${config.pacingMinSeconds}) must not exceed WELINK_PACING_MAX_SECONDS (${config.pacingMaxSeconds}).`,
    );
  }
}

/** Parses the whole configuration once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const config = { ...(parseAll(env).values as Config), ...overrides };
  crossChecks(config);
  return config;
}

/** Every setting with the value in effect and where it came from (`welink config`). */
export function effectiveSettings(env: Record<string, string | undefined> = process.env): EffectiveSetting[] {
  const { values, sources } = parseAll(env);
  crossChecks(values as Config);
  return (Object.entries(settings) as [keyof Config, Setting][]).map(([key, s]) => ({
    key,
    env: s.env,
    value: formatValue(s, values[key]),
    source: sources[key],
    doc: s.doc,
  }));
}

/** Markdown table of every setting and its default, for the README (`welink config --markdown`). */
export function configTable(): string {
  const rows = (Object.values(settings) as Setting[]).map((s) => `| \`${s.env}\` | \`${formatValue(s, s.default)}\` | ${s.doc} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
