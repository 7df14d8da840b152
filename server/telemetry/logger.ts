/** The one logger: JSON lines on stderr, level from LENS_LOG_LEVEL (debug|info|warn|error). */

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

function thresholdFromEnv(): number {
  const name = process.env.LENS_LOG_LEVEL as LogLevel | undefined;
  return name && name in levels ? levels[name] : levels.info;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(component: string): Logger {
  const threshold = thresholdFromEnv();
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (levels[level] < threshold) return;
    const line = { time: new Date().toISOString(), level, component, message, ...fields };
    process.stderr.write(`${JSON.stringify(line, errorReplacer)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
