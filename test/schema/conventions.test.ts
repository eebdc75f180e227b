import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSchema, isEnumType, isInterfaceType, isIntrospectionType, isNonNullType, isObjectType, isSpecifiedScalarType, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../schema/errors.js';

const schema = buildSchema(await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const named = Object.values(schema.getTypeMap()).filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));
const objects = named.filter(isObjectType);
const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t !== null && t !== undefined);

describe('schema conventions (DESIGN §7)', () => {
  it('describes every type, root field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of named) if (!type.description) missing.push(type.name);
    for (const root of roots) for (const field of Object.values(root.getFields())) if (!field.description) missing.push(`${root.name}.${field.name}`);
    for (const type of [...objects, ...named.filter(isInterfaceType)]) {
      for (const field of Object.values(type.getFields())) for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
    for (const type of named.filter(isEnumType)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    expect(missing).toEqual([]);
  });

  it('makes every connection Relay-shaped: [XEdge!]!, a non-null node, totalCount, forward arguments only', () => {
    const connections = objects.filter((t) => t.name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThanOrEqual(4);
    for (const connection of connections) {
      const edge = connection.name.replace(/Connection$/, 'Edge');
      expect({ type: connection.name, edges: String(connection.getFields().edges?.type), totalCount: String(connection.getFields().totalCount?.type) })
        .toEqual({ type: connection.name, edges: `[${edge}!]!`, totalCount: 'Int!' });
      const node = (schema.getType(edge) as typeof connection).getFields().node;
      expect(isNonNullType(node?.type), `${edge}.node`).toBe(true);
    }
    const backward = objects.flatMap((t) => Object.values(t.getFields()).flatMap((f) => f.args.filter((a) => a.name === 'before' || a.name === 'last').map((a) => `${t.name}.${f.name}(${a.name})`)));
    expect(backward).toEqual([]);
  });

  it('makes every object with an `id: ID!` a Node', () => {
    const notNodes = objects.filter((t) => String(t.getFields().id?.type) === 'ID!' && !t.getInterfaces().some((i) => i.name === 'Node')).map((t) => t.name);
    expect(notNodes).toEqual([]);
  });

  it('makes every event type an EvaluationEvent with seq: Int!', () => {
    const subscription = schema.getSubscriptionType()!.getFields().evaluationEvents!;
    expect(String(subscription.type)).toBe('EvaluationEvent!');
    const events = schema.getPossibleTypes(schema.getType('EvaluationEvent') as never);
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const event of events) expect({ type: event.name, seq: String(event.getFields().seq?.type) }).toEqual({ type: event.name, seq: 'Int!' });
  });

  it('lists every code a DomainError in server/ can carry in ErrorCode', async () => {
    const codes = new Set<string>();
    for (const file of await sources(new URL('../../server/', import.meta.url).pathname)) {
      for (const match of (await readFile(file, 'utf8')).matchAll(/super\('([A-Z_]+)'/g)) codes.add(match[1]!);
    }
    expect(codes.size).toBeGreaterThanOrEqual(5);
    const enumValues = (schema.getType('ErrorCode') as GraphQLNamedType & { getValues(): { name: string }[] }).getValues().map((v) => v.name);
    expect([...codes].filter((code) => !enumValues.includes(code))).toEqual([]);
    expect(enumValues.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []))));
  return nested.flat();
}
