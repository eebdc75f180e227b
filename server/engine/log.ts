import type { Logger } from 'pino';
import { log } from '../observability/logger.js';

/**
 * The engine's log: the process logger (JSON lines, configured by main.ts), read at each call so a
 * logger set after this module loaded is the one used. Raw model-server and driver errors go here,
 * never into text a `service` token can read (DESIGN §4).
 */
export const logger: Logger = new Proxy({} as Logger, {
  get: (_target, key) => {
    const current = log();
    const value: unknown = Reflect.get(current, key);
    return typeof value === 'function' ? value.bind(current) : value;
  },
});
