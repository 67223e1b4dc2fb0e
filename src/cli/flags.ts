import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses one subcommand's flags strictly. An unknown flag or a stray argument is a usage error
 * naming the subcommand and what it takes, instead of being ignored.
 */
export function parseFlags<O extends Options>(
  command: string,
  args: string[],
  options: O,
  positionals = 0,
): { ok: true; parsed: Parsed<O> } | { ok: false; message: string } {
  const takes = Object.entries(options).map(([name, o]) => `--${name}${o.type === 'string' ? ' VALUE' : ''}`);
  const takesText = takes.length ? `it takes ${takes.join(', ')}` : 'it takes no options';
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const flag = /'(-[^' ]*)/.exec((err as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { ok: false, message: `${command}: unknown option ${flag ?? ''} (${takesText})` };
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { ok: false, message: `${command}: option ${flag ?? ''} needs a value (${takesText})` };
    return { ok: false, message: `${command}: ${(err as Error).message}` };
  }
  if (parsed.positionals.length > positionals) {
    return { ok: false, message: `${command}: unexpected argument ${JSON.stringify(parsed.positionals[positionals])} (${takesText})` };
  }
  return { ok: true, parsed };
}
