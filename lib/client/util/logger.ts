/** How much the client logs, as in the reference SDK. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, silent: 5 };

/** A leveled logger writing to the console. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Creates a logger that prints messages at `level` and above, prefixed with `rx-conversations`. */
export function createLogger(level: LogLevel): Logger {
  const at = (wanted: LogLevel, print: (...args: unknown[]) => void) =>
    RANK[wanted] >= RANK[level] ? (...args: unknown[]) => print('[rx-conversations]', ...args) : () => {};
  return {
    debug: at('debug', console.debug),
    info: at('info', console.info),
    warn: at('warn', console.warn),
    error: at('error', console.error)
  };
}
