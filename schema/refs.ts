import type { ArgBuilder, SchemaTypes } from '@pothos/core';
import type { EvaluationRow, PolicyRow, PolicyVersionRow, VerdictRow } from '../server/db/schema.js';
import { builder } from './builder.js';

// The object refs, declared apart from their fields so type files can point at each other without import cycles.
export const PolicyRef = builder.objectRef<PolicyRow>('Policy');
export const PolicyVersionRef = builder.objectRef<PolicyVersionRow>('PolicyVersion');
export const EvaluationRef = builder.objectRef<EvaluationRow>('Evaluation');
export const VerdictRef = builder.objectRef<VerdictRow>('Verdict');

/** Descriptions of a DESIGN §7 connection `XConnection` of `XEdge` (`[XEdge!]!`, non-null node, totalCount). */
export const connectionNames = (name: string) => [
  { name: `${name}Connection`, description: `A page of ${name} rows, forward keyset-paged.` },
  { name: `${name}Edge`, description: `One ${name} row of a page and its cursor.` },
] as const;

// One connection type per listed thing, shared by every field that lists it.
export const PolicyConnection = builder.connectionObject({ type: PolicyRef, ...connectionNames('Policy')[0] }, connectionNames('Policy')[1]);
export const PolicyVersionConnection = builder.connectionObject({ type: PolicyVersionRef, ...connectionNames('PolicyVersion')[0] }, connectionNames('PolicyVersion')[1]);
export const VerdictConnection = builder.connectionObject({ type: VerdictRef, ...connectionNames('Verdict')[0] }, connectionNames('Verdict')[1]);

/**
 * The paging arguments of every connection field: forward only (`first`, `after`), since the lists
 * are keyset-ordered; `before`/`last` are not declared because they are not supported.
 */
export function pageArgs<Types extends SchemaTypes>(arg: ArgBuilder<Types>) {
  return {
    first: arg.int({ description: 'How many rows to return (each list has its own default and maximum).' }),
    after: arg.string({ description: 'The `endCursor` of the previous page (or any edge `cursor`): rows after it.' }),
  };
}
