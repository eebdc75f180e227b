// A strict TypeScript consumer of `arbiter/client`, written as an internal tool would: no null checks
// on fields that always exist (ids, enums, codes, seq, timestamps, edges). test/package.test.ts
// type-checks it against the built package; a nullable `!`-field in the schema would fail it.
import { ArbiterError, createArbiterClient, documents, type EvaluationEvent, type Verdict } from 'arbiter/client';

const arbiter = createArbiterClient({ url: 'http://localhost:4000/graphql', token: async () => 'token' });

export async function triageReport(content: string): Promise<string[]> {
  const evaluation = await arbiter.evaluate({ content, policies: ['spam', 'hate@3'], effort: 'LOW', wait: true });
  const lines = [`${evaluation.id} ${evaluation.status.toLowerCase()} ${evaluation.createdAt.slice(0, 10)} sha=${evaluation.contentSha256.slice(0, 8)}`];
  for (const verdict of evaluation.finalVerdicts) {
    lines.push(`${verdict.policyVersion.policy.slug}@${verdict.policyVersion.version}: ${verdict.label} (${verdict.stage}) ${verdict.ruleIds.join(',')}`);
    for (const finding of verdict.findings) lines.push(`  ${finding.code}: ${finding.message.trim()}`);
    lines.push(`  hash ${verdict.hash.slice(0, 12)} by ${verdict.evaluatorIdentity}`);
  }
  lines.push(...evaluation.escalationReasons.map((reason) => `escalated: ${reason.toUpperCase()}`));
  return lines;
}

export async function followReasoning(id: string): Promise<string> {
  let text = '';
  let last = 0;
  for await (const event of arbiter.evaluationEvents(id)) {
    last = Math.max(last, event.seq);
    text += describe(event);
  }
  return `${text} (${last} events)`;
}

function describe(event: EvaluationEvent): string {
  switch (event.__typename) {
    case 'StageChanged': return `[${event.status}]`;
    case 'ReasoningDelta': return event.text + event.policyVersionIds.join('');
    case 'VerdictReached': return `<${event.verdict.label}:${event.verdict.policyVersion.id}>`;
    case 'EvaluationFinished': return `(${event.evaluation.status} ${event.evaluation.finalVerdicts.length})`;
    default: return '';
  }
}

export async function auditRuleHits(ruleId: string): Promise<Map<string, number>> {
  const hits = new Map<string, number>();
  for await (const verdict of arbiter.decisions({ ruleId, stage: 'REASONING' }, { pageSize: 500 })) {
    const key = `${verdict.policyVersion.policy.slug}:${verdict.label}`;
    hits.set(key, (hits.get(key) ?? 0) + verdict.ruleIds.length);
  }
  const first = await arbiter.request(documents.DecisionsDocument, { filter: { ruleId }, first: 1 });
  hits.set('total', first.decisions.totalCount + first.decisions.edges.length * 0);
  const firstVerdict: Verdict | undefined = first.decisions.edges[0]?.node;
  if (firstVerdict) hits.set(firstVerdict.createdAt, firstVerdict.id.length);
  return hits;
}

export async function safely<T>(work: () => Promise<T>): Promise<T | string> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ArbiterError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED')) {
      return `${error.code}: ${error.message} ${error.problems.map((p) => p.path).join(' ')}`;
    }
    throw error;
  }
}
