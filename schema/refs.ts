import type { EvaluationRow, PolicyRow, PolicyVersionRow, VerdictRow } from '../server/db/schema.js';
import { builder } from './builder.js';

// The object refs, declared apart from their fields so type files can point at each other without import cycles.
export const PolicyRef = builder.objectRef<PolicyRow>('Policy');
export const PolicyVersionRef = builder.objectRef<PolicyVersionRow>('PolicyVersion');
export const EvaluationRef = builder.objectRef<EvaluationRow>('Evaluation');
export const VerdictRef = builder.objectRef<VerdictRow>('Verdict');

// Relay connections named as in DESIGN §7 (one type shared by every field that lists the same thing).
export const PolicyConnection = builder.connectionObject({ type: PolicyRef, name: 'PolicyConnection' }, { name: 'PolicyEdge' });
export const PolicyVersionConnection = builder.connectionObject({ type: PolicyVersionRef, name: 'PolicyVersionConnection' }, { name: 'PolicyVersionEdge' });
export const VerdictConnection = builder.connectionObject({ type: VerdictRef, name: 'VerdictConnection' }, { name: 'VerdictEdge' });
