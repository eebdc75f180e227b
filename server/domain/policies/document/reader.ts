// Typed reads from YAML nodes that record a located problem instead of throwing, so one pass
// reports every mistake in a document rather than the first.
import { isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import type { DocumentProblem } from './types.js';

export interface Reader {
  readonly problems: DocumentProblem[];
  /** The file line of a YAML node, when it has a range. */
  line(node: unknown): number | null;
  report(path: string, node: unknown, message: string): void;
}

export function createReader(lineCounter: LineCounter, firstLine: number): Reader {
  const problems: DocumentProblem[] = [];
  const line = (node: unknown): number | null => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line + firstLine - 1 : null;
  };
  return { problems, line, report: (path, node, message) => problems.push({ path, line: line(node), message }) };
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** The entries of a mapping, with unknown keys reported; null (reported) when `node` is not a mapping. */
export function readMap(reader: Reader, node: unknown, path: string, allowed: readonly string[]): Map<string, unknown> | null {
  if (!isMap(node)) {
    reader.report(path, node, `${path || 'front matter'} must be a mapping`);
    return null;
  }
  const entries = new Map<string, unknown>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null || !allowed.includes(key)) {
      const where = path ? ` in ${path}` : '';
      reader.report(join(path, key ?? '?'), pair.key, `unknown key '${key ?? '?'}'${where} (expected ${allowed.join(', ')})`);
      continue;
    }
    entries.set(key, pair.value ?? null);
  }
  return entries;
}

/** The items of a sequence; null (reported) when `node` is not one. */
export function readSeq(reader: Reader, node: unknown, path: string): readonly unknown[] | null {
  if (isSeq(node)) return node.items;
  reader.report(path, node, `${path} must be a list`);
  return null;
}

/** A scalar's value (`null` for an empty value); `undefined` (reported) for a nested mapping or list. */
export function scalar(reader: Reader, node: unknown, path: string): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return node.value;
  reader.report(path, node, `${path} must be a single value, not a ${isSeq(node) ? 'list' : 'mapping'}`);
  return undefined;
}

export function readString(reader: Reader, node: unknown, path: string, shape?: { pattern: RegExp; describe: string }): string | null {
  const value = scalar(reader, node, path);
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    reader.report(path, node, `${path} must be a non-empty string${value === null ? '' : `, got ${describe(value)}`}`);
    return null;
  }
  if (shape && !shape.pattern.test(value)) {
    reader.report(path, node, `${path} '${value}' must be ${shape.describe}`);
    return null;
  }
  return value;
}

export function readInteger(reader: Reader, node: unknown, path: string, min: number, max: number): number | null {
  const value = scalar(reader, node, path);
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    reader.report(path, node, `${path} must be an integer from ${min} to ${max}, got ${describe(value)}`);
    return null;
  }
  return value;
}

export function readFraction(reader: Reader, node: unknown, path: string): number | null {
  const value = scalar(reader, node, path);
  if (value === undefined) return null;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    reader.report(path, node, `${path} must be a number from 0 to 1, got ${describe(value)}`);
    return null;
  }
  return value;
}

export function readEnum<T extends string>(reader: Reader, node: unknown, path: string, values: readonly T[]): T | null {
  const value = scalar(reader, node, path);
  if (value === undefined) return null;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    reader.report(path, node, `${path} must be one of ${values.join(', ')}, got ${describe(value)}`);
    return null;
  }
  return value as T;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  return typeof value === 'string' ? `'${value}'` : `${typeof value} ${String(value)}`;
}
