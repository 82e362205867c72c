import type { Logger } from '../options';

/** How often a {@link LogThrottle} starts over, and how many lines it writes in that time at most. */
export interface LogThrottleSettings {
  intervalMs: number;
  maxLinesPerInterval: number;
}

/** The defaults: at most 100 lines (and one line counting those dropped) every 10 s. */
export const LOG_THROTTLE_DEFAULTS: LogThrottleSettings = Object.freeze({
  intervalMs: 10_000,
  maxLinesPerInterval: 100
});

type Level = 'warn' | 'error';

interface Kind {
  level: Level;
  source: string;
  reason: string;
  /** Occurrences after the first, this interval. */
  repeats: number;
}

/**
 * Keeps what clients can make the server log within a fixed bound. A line has a source (the
 * connection) and a reason; the first line of a source and reason in an interval is written, the
 * next ones are only counted, and when the interval ends one line says how many more there were.
 * Over all sources, at most `maxLinesPerInterval` lines are written an interval (summaries
 * included); the others are counted, and one more line says how many were dropped. So whatever
 * clients send, the log grows by at most `maxLinesPerInterval + 1` lines an interval.
 */
export class LogThrottle {
  private started: number;
  private written = 0;
  private dropped = 0;
  private readonly kinds = new Map<string, Kind>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly settings: LogThrottleSettings = LOG_THROTTLE_DEFAULTS,
    /** Milliseconds on a clock that never goes back. */
    private readonly clock: () => number = () => performance.now()
  ) {
    this.started = clock();
  }

  /** A warning about `source` (a connection) for `reason`. */
  warn(source: string, reason: string, message: string): void {
    this.log('warn', source, reason, message);
  }

  /** An error about `source` (a connection) for `reason`. */
  error(source: string, reason: string, message: string, error?: unknown): void {
    this.log('error', source, reason, message, error);
  }

  /**
   * Ends the interval when it is over: writes, for each source and reason seen more than once,
   * how many more lines there were, and how many lines were dropped. Called on every line and by a
   * timer while counts wait to be written.
   */
  roll(): void {
    const now = this.clock();
    if (now - this.started >= this.settings.intervalMs) this.endInterval(now);
  }

  /** Writes what is still counted and stops the timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.endInterval(this.clock());
  }

  private endInterval(now: number): void {
    const repeated = [...this.kinds.values()].filter((kind) => kind.repeats > 0);
    const dropped = this.dropped;
    const seconds = Math.max(1, Math.round((now - this.started) / 1000));
    this.kinds.clear();
    this.dropped = 0;
    this.written = 0;
    this.started = now;
    for (const kind of repeated) {
      this.write(
        kind.level,
        `${kind.reason}: ${kind.repeats} more like this from ${kind.source} in the last ${seconds} s`
      );
    }
    if (dropped > 0) {
      this.logger.warn(
        `${dropped} log lines about clients dropped in the last ${seconds} s ` +
          `(at most ${this.settings.maxLinesPerInterval} are written every ${this.settings.intervalMs / 1000} s)`
      );
    }
  }

  private log(level: Level, source: string, reason: string, message: string, error?: unknown): void {
    this.roll();
    const key = `${level}\u0000${source}\u0000${reason}`;
    const kind = this.kinds.get(key);
    if (kind) {
      kind.repeats++;
      return this.arm();
    }
    this.kinds.set(key, { level, source, reason, repeats: 0 });
    this.write(level, message, error);
  }

  private write(level: Level, message: string, error?: unknown): void {
    if (this.written >= this.settings.maxLinesPerInterval) {
      this.dropped++;
      return this.arm();
    }
    this.written++;
    if (level === 'warn') this.logger.warn(message);
    else this.logger.error(message, error);
  }

  /** Makes sure the counts are written when the interval ends, even if nothing more is logged. */
  private arm(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.started + this.settings.intervalMs - this.clock());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.roll();
      if (this.dropped > 0 || [...this.kinds.values()].some((kind) => kind.repeats > 0)) this.arm();
    }, wait);
    this.timer.unref();
  }
}
