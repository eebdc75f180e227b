import { pino } from 'pino';

/**
 * The engine's log: JSON lines (pino). Raw model-server and driver errors go here, never into
 * text a `service` token can read (DESIGN §4).
 */
export const logger = pino({ name: 'arbiter-engine', level: 'warn' });
