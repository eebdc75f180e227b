import {
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, getNamedType, getNullableType, type GraphQLCompositeType, GraphQLError, type GraphQLSchema,
  isCompositeType, isListType, isObjectType, isInterfaceType, Kind, type SelectionSetNode, type ValueNode,
} from 'graphql';

/**
 * The cost model of an operation (docs/client.md "Limits"), computed before it runs with its variables:
 * - every selected field costs 1 (a scalar, an object, `__typename` alike; fragments count where spread);
 * - a field with a `first` argument (a connection page) multiplies what it selects by `first`
 *   (literal or variable; {@link DEFAULT_FIRST} when absent): a page of 500 costs ten times a page of 50;
 * - any other list of objects multiplies what it selects by {@link LIST_ESTIMATE} (its usual length).
 * A 500-row `decisions` page with the client SDK's verdict selection (45 per row: the verdict, its
 * findings, version and policy, its evaluation's id) costs 22 501, under the default limit of 50 000
 * (`npx tsx bench/query-cost.ts` prints these figures).
 */
export const DEFAULT_FIRST = 50;
export const LIST_ESTIMATE = 5;

export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = definition.operation === 'query' ? schema.getQueryType() : definition.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (root) total += selectionCost(root, definition.selectionSet, { fragments, variables, schema });
  }
  return total;
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Record<string, unknown>;
}

function selectionCost(parent: GraphQLCompositeType, set: SelectionSetNode, walk: Walk): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += 1;
      if (!selection.selectionSet) continue;
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      const type = field ? getNamedType(field.type) : undefined;
      if (!field || !type || !isCompositeType(type)) continue;
      const first = selection.arguments?.find((a) => a.name.value === 'first');
      cost += multiplierOf(parent, field, selection, walk) * selectionCost(type, selection.selectionSet, walk);
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? walk.fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : parent;
      cost += selectionCost(condition && isCompositeType(condition) ? condition : parent, fragment.selectionSet, walk);
    }
  }
  return cost;
}

/** How many times a field's selection runs: its page size, LIST_ESTIMATE for a plain list, else once. */
function multiplierOf(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, selection: FieldNode, walk: Walk): number {
  const first = selection.arguments?.find((a) => a.name.value === 'first');
  if (first || field.args.some((a) => a.name === 'first')) return pageSize(first?.value, walk.variables);
  // A connection's `edges` are the page already counted by `first`.
  if (parent.name.endsWith('Connection')) return 1;
  return isListType(getNullableType(field.type)) ? LIST_ESTIMATE : 1;
}

function pageSize(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  const raw = value?.kind === Kind.INT ? Number(value.value) : value?.kind === Kind.VARIABLE ? variables[value.name.value] : undefined;
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : DEFAULT_FIRST;
}

/** The error of an operation over a limit: `extensions.code` QUERY_TOO_COMPLEX, and which limit. */
export function limitError(message: string, limit: string): GraphQLError {
  return new GraphQLError(message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_COMPLEX', limit, http: { status: 400 } } });
}

export function assertCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, maxCost: number): void {
  const cost = operationCost(schema, document, variables ?? {});
  if (cost > maxCost) throw limitError(`the operation costs ${Math.round(cost)}, over the limit of ${maxCost} (see docs/client.md "Limits")`, 'cost');
}
