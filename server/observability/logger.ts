import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** What every log line written while handling one request or job carries. */
export interface LogFields {
  readonly requestId?: string;
  readonly tenant?: string;
  readonly evaluationId?: string;
}

const fields = new AsyncLocalStorage<{ -readonly [K in keyof LogFields]: LogFields[K] }>();

/** Runs `work` with `values` on every log line it writes (request id, tenant key, evaluation id). */
export function withLogFields<T>(values: LogFields, work: (store: LogFields) => T): T {
  const store = { ...fields.getStore(), ...values };
  return fields.run(store, () => work(store));
}

/** Adds fields to the current request's log lines (the tenant is known only after authentication). */
export function addLogFields(values: LogFields): void {
  const store = fields.getStore();
  if (store) Object.assign(store, values);
}

export interface LoggerOptions {
  readonly level: string;
  readonly production: boolean;
  /** Pretty, coloured output; by default only on a terminal outside production. */
  readonly pretty?: boolean;
  readonly destination?: NodeJS.WritableStream;
}

/**
 * JSON lines (pino) with the current request's fields; pino-pretty only on a TTY in development,
 * so anything that collects logs always gets one JSON object per line.
 */
export function createLogger(options: LoggerOptions): Logger {
  const usePretty = options.pretty ?? (!options.production && Boolean(process.stdout.isTTY));
  const base = {
    level: options.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => ({ ...fields.getStore() }),
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (usePretty) return pino(base, pretty({ colorize: true, destination: 1, sync: true }));
  return pino(base, (options.destination ?? pino.destination({ dest: 1, sync: true })) as pino.DestinationStream);
}

let current: Logger = createLogger({ level: process.env.LOG_LEVEL || 'info', production: process.env.NODE_ENV === 'production' });

/** The process's logger; `main.ts` replaces it once the configuration is read. */
export const log = (): Logger => current;

export function setLogger(logger: Logger): void {
  current = logger;
}
