import type { Label } from './types.js';

/** A record that does not fit its format; the caller adds the line number. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

export function asObject(value: unknown, what = 'the record'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function requireString(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string') throw new RecordError(`"${field}" must be a string`);
  return value;
}

/** 0/1 as a number, a numeric string or a boolean; `null`/absent is unknown (undefined). */
export function binaryLabel(value: unknown, field: string): Label | undefined {
  if (value === null || value === undefined) return undefined;
  if (value === 0 || value === '0' || value === false) return 0;
  if (value === 1 || value === '1' || value === true) return 1;
  throw new RecordError(`"${field}" must be 0 or 1, got ${JSON.stringify(value)}`);
}

/** Copies the known labels of `fields` out of `record`, leaving unknown ones out. */
export function pickLabels(record: Record<string, unknown>, fields: readonly string[]): Record<string, Label> {
  const labels: Record<string, Label> = {};
  for (const field of fields) {
    const label = binaryLabel(record[field], field);
    if (label !== undefined) labels[field] = label;
  }
  return labels;
}
