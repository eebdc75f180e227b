import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainHash, linkHash, wellFormed } from '../../../../server/domain/audit/hash.js';
import { hashedRecord } from '../../../../server/domain/audit/records.js';

// Any UTF-16 sequence, lone surrogates included: what tenant and model text can be.
const anyText = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, anyText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(anyText, tie('value'), { maxKeys: 4 })),
})).value;

/** What PostgreSQL hands back: UTF-8 text, jsonb with its own key order. */
const throughDatabase = (value: unknown): unknown => reorder(JSON.parse(Buffer.from(JSON.stringify(value), 'utf8').toString('utf8')));
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]));
  return value;
}

describe('link hashes', () => {
  it('are the same before and after a trip through the database, for any text', () => {
    fc.assert(fc.property(json, anyText, (data, actor) => {
      const row = wellFormed({ id: 'e1', tenant_id: 't1', actor, action: 'a', subject_type: 'S', subject_id: 's', data, created_at: new Date(0) });
      const stored = { ...(throughDatabase({ ...row, created_at: row.created_at.toISOString() }) as Record<string, unknown>), created_at: new Date(0) };
      const link = (r: Record<string, unknown>) => linkHash(2, { chain: 'audit_events', seq: 3, prevHash: 'p', record: hashedRecord('audit_events', 2, r) });
      expect(link(stored)).toBe(link(row));
    }));
  });

  it('replace lone surrogates the way UTF-8 storage does, and keep pairs', () => {
    expect(wellFormed({ a: ['x\uD800', '\uDC00y', '\uD83D\uDE00'], b: new Date(0) })).toEqual({ a: ['x\uFFFD', '\uFFFDy', '\uD83D\uDE00'], b: new Date(0) });
    expect(Buffer.from('x\uD800', 'utf8').toString('utf8')).toBe(wellFormed('x\uD800'));
  });

  it('bind the chain, seq and previous hash (scheme 2), and ignore columns outside the field list', () => {
    const row = { id: 'v', tenant_id: 't', actor: 'a', action: 'x', subject_type: 'S', subject_id: 's', data: {}, created_at: new Date(0) };
    const record = hashedRecord('audit_events', 2, row);
    const base = { chain: 'audit_events', seq: 1, prevHash: 'p', record };
    const hashes = new Set([linkHash(2, base), linkHash(2, { ...base, seq: 2 }), linkHash(2, { ...base, chain: 'verdicts' }), linkHash(2, { ...base, prevHash: 'q' })]);
    expect(hashes.size).toBe(4);
    expect(hashedRecord('audit_events', 2, { ...row, column_added_later: 1 })).toEqual(record);
  });

  it('keep scheme 1 exactly as links written before it were hashed', () => {
    const record = { id: 'v', data: { b: 1, a: [new Date(0)] } };
    expect(linkHash(1, { chain: 'x', seq: 9, prevHash: 'p', record })).toBe(chainHash('p', record));
    // The pre-issue-9 scheme, byte for byte: sha256("p\n" + sorted-key JSON).
    const text = 'p\n{"data":{"a":["1970-01-01T00:00:00.000Z"],"b":1},"id":"v"}';
    expect(chainHash('p', record)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
