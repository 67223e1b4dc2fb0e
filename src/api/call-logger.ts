import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

type Write = (obj: unknown, msg?: string, ...args: unknown[]) => void;

/**
 * Fastify's `childLoggerFactory`: each call's `req.log` is a pino child bound to the call id
 * (`reqId`), made only when the call first writes a line. Making the child runs the redaction
 * paths over its bindings, several times the cost of a plain child; most calls write nothing (the
 * request line is written through the parent, see server.ts), so most never pay it.
 */
export function callLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  // A route with its own log level gets a real child at once: its level differs from the parent's.
  if (opts.level !== undefined) return logger.child(bindings, opts);
  return new CallLogger(logger as unknown as Logger, bindings, opts) as unknown as FastifyBaseLogger;
}

class CallLogger {
  private real: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}

  private write(level: Level, args: unknown[]): void {
    // A level that is off writes nothing: no child for it.
    if (!this.parent.isLevelEnabled(level)) return;
    this.real ??= this.parent.child(this.bindings, this.opts);
    (this.real[level] as Write)(...(args as [unknown]));
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, opts?: ChildLoggerOptions): Logger {
    this.real ??= this.parent.child(this.bindings, this.opts);
    return this.real.child(bindings, opts);
  }

  isLevelEnabled(level: string): boolean {
    return this.parent.isLevelEnabled(level);
  }

  get level(): string {
    return this.parent.level;
  }
}
