/**
 * A request's logger made only when a line is written at an enabled level. Fastify gives every request a pino child
 * bound to its id, and making one (its bindings serialised and redacted) was a visible share of a proxied call's CPU,
 * though the proxy logs only failures: a call that logs nothing now makes none. Lines written are the child's own.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino';

class LazyLogger {
  private made: Logger | null = null;
  constructor(
    private readonly parent: Logger,
    private readonly bound: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}
  private real(): Logger {
    return (this.made ??= this.parent.child(this.bound, this.opts));
  }
  get level(): string {
    return this.made ? this.made.level : this.parent.level;
  }
  set level(l: string) {
    this.real().level = l;
  }
  isLevelEnabled(l: string): boolean {
    return this.made ? this.made.isLevelEnabled(l) : this.parent.isLevelEnabled(l);
  }
  private write(l: Level, args: unknown[]): void {
    if (this.isLevelEnabled(l)) (this.real()[l] as (...a: unknown[]) => void)(...args);
  }
  fatal(...args: unknown[]) {
    this.write('fatal', args);
  }
  error(...args: unknown[]) {
    this.write('error', args);
  }
  warn(...args: unknown[]) {
    this.write('warn', args);
  }
  info(...args: unknown[]) {
    this.write('info', args);
  }
  debug(...args: unknown[]) {
    this.write('debug', args);
  }
  trace(...args: unknown[]) {
    this.write('trace', args);
  }
  silent(): void {}
  child(b: Bindings, o?: ChildLoggerOptions): Logger {
    return this.real().child(b, o);
  }
  bindings(): Bindings {
    return this.real().bindings();
  }
}
/** A child logger factory (Fastify's `setChildLoggerFactory`): eager when the route sets its own level. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions) {
  if (opts.level !== undefined) return logger.child(bindings, opts);
  return new LazyLogger(logger as Logger, bindings, opts) as unknown as FastifyBaseLogger;
}
