import { readFile } from 'node:fs/promises';
import {
  buildSchema, type GraphQLField, type GraphQLNamedType, type GraphQLSchema, type GraphQLType, isEnumType, isInputObjectType,
  isInterfaceType, isListType, isNonNullType, isObjectType, isUnionType, Kind, parse, type TypeNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFile(new URL(path, import.meta.url), 'utf8');
const committedText = await read('../../schema/schema.graphql');
const committed = buildSchema(committedText);
const contract = parse(await read('./design-contract.graphql'));

/** Whether `actual` (the schema's output type) is `expected` or stricter (more `!`, same names). */
function atLeast(actual: GraphQLType, expected: TypeNode): boolean {
  if (expected.kind === Kind.NON_NULL_TYPE) return isNonNullType(actual) && atLeast(actual.ofType, expected.type);
  const inner = isNonNullType(actual) ? actual.ofType : actual;
  if (expected.kind === Kind.LIST_TYPE) return isListType(inner) && atLeast(inner.ofType, expected.type);
  return !isListType(inner) && inner.name === expected.name.value;
}

const print = (type: TypeNode): string =>
  type.kind === Kind.NON_NULL_TYPE ? `${print(type.type)}!` : type.kind === Kind.LIST_TYPE ? `[${print(type.type)}]` : type.name.value;

/** Everything about one contract type the schema breaks, as readable lines (empty: it holds). */
function breaches(schema: GraphQLSchema, definition: (typeof contract.definitions)[number]): string[] {
  if (!('name' in definition) || !definition.name) return [];
  const name = definition.name.value;
  const type: GraphQLNamedType | undefined = schema.getType(name);
  if (!type) return [`${name}: missing`];
  const problems: string[] = [];
  if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION) {
    if (!isObjectType(type) && !isInterfaceType(type)) return [`${name}: not an object or interface`];
    const interfaces = type.getInterfaces().map((i) => i.name);
    for (const i of definition.interfaces ?? []) if (!interfaces.includes(i.name.value)) problems.push(`${name}: does not implement ${i.name.value}`);
    for (const field of definition.fields ?? []) {
      const actual: GraphQLField<unknown, unknown> | undefined = type.getFields()[field.name.value];
      const at = `${name}.${field.name.value}`;
      if (!actual) { problems.push(`${at}: missing`); continue; }
      if (!atLeast(actual.type, field.type)) problems.push(`${at}: ${String(actual.type)}, the contract says ${print(field.type)}`);
      for (const arg of field.arguments ?? []) {
        const a = actual.args.find((x) => x.name === arg.name.value);
        if (!a) problems.push(`${at}(${arg.name.value}): missing`);
        else if (String(a.type) !== print(arg.type)) problems.push(`${at}(${arg.name.value}): ${String(a.type)}, the contract says ${print(arg.type)}`);
      }
      const declared = new Set((field.arguments ?? []).map((a) => a.name.value));
      for (const a of actual.args) if (isNonNullType(a.type) && !declared.has(a.name)) problems.push(`${at}(${a.name}): a required argument the contract lacks`);
    }
  } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
    if (!isInputObjectType(type)) return [`${name}: not an input`];
    for (const field of definition.fields ?? []) {
      const actual = type.getFields()[field.name.value];
      if (!actual) problems.push(`${name}.${field.name.value}: missing`);
      else if (String(actual.type) !== print(field.type)) problems.push(`${name}.${field.name.value}: ${String(actual.type)}, the contract says ${print(field.type)}`);
    }
  } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
    if (!isEnumType(type)) return [`${name}: not an enum`];
    for (const value of definition.values ?? []) if (!type.getValue(value.name.value)) problems.push(`${name}.${value.name.value}: missing`);
  } else if (definition.kind === Kind.UNION_TYPE_DEFINITION) {
    if (!isUnionType(type)) return [`${name}: not a union`];
    const members = type.getTypes().map((t) => t.name);
    for (const member of definition.types ?? []) if (!members.includes(member.name.value)) problems.push(`${name}: lost member ${member.name.value}`);
  }
  return problems;
}

const allBreaches = (schema: GraphQLSchema) => contract.definitions.flatMap((d) => breaches(schema, d));

describe('the DESIGN §7 contract (test/schema/design-contract.graphql)', () => {
  it('is held by the committed schema: every name, every `!`, every argument', () => {
    expect(allBreaches(committed)).toEqual([]);
  });

  it('fails when the schema loses a `!`', () => {
    const loosened = buildSchema(printLoosened('Verdict', 'createdAt', 'DateTime!', 'DateTime'));
    expect(allBreaches(loosened)).toEqual(['Verdict.createdAt: DateTime, the contract says DateTime!']);
  });

  it('fails when the schema loses a name', () => {
    const renamed = buildSchema(committedText.replace(/\n {2}contentSha256: String!\n {2}createdAt: DateTime!\n {2}effort:/, '\n  contentSha: String!\n  createdAt: DateTime!\n  effort:'));
    expect(allBreaches(renamed)).toEqual(['Evaluation.contentSha256: missing']);
  });
});

/** The committed SDL with one field's type replaced inside one type. */
function printLoosened(typeName: string, field: string, from: string, to: string): string {
  const start = committedText.indexOf(`type ${typeName} implements`);
  const end = committedText.indexOf('\n}\n', start);
  const body = committedText.slice(start, end).replace(new RegExp(`\\n  ${field}: ${from.replace('!', '\\!')}\\n`), `\n  ${field}: ${to}\n`);
  return committedText.slice(0, start) + body + committedText.slice(end);
}
