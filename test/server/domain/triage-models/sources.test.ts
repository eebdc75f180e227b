import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionItems, groundTruth } from '../../../../server/domain/triage-models/sources.js';
import { ensureTenant } from '../../../../server/domain/tenants/repository.js';
import { appendVerdict } from '../../../../server/domain/verdicts/repository.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { testEngine } from '../../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../../helpers/evaluate.js';
import { scriptedReasoner } from '../../../helpers/scripted-reasoner.js';

// What the scripted reasoner answers, by the content's first word.
const reasoner = scriptedReasoner((input) => {
  const [kind] = input.content.split(' ');
  if (kind === 'unsure') return { label: 'VIOLATING', ruleIds: ['PT1.a'], confidence: 'low' };
  if (kind === 'invented') return { label: 'VIOLATING', ruleIds: ['PT9.z'] };
  if (kind === 'selling') return { label: 'VIOLATING', ruleIds: ['PT1.a'] };
  return { label: 'NON_VIOLATING', ruleIds: [] };
});

describe(`training items from logged decisions (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let tenantId: string;
  let versionId: string;
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    versionId = await publishPolicy(app, admin, { thresholds: false, match: 'zzz never matches' });
    tenantId = await ensureTenant(app.database.db, 'acme');
  });
  afterAll(async () => app?.close());

  const evaluate = (content: string) => evaluateAndWait(app, admin, { content, policies: ['pets'] }, 'id status');
  const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

  async function human(evaluationGlobalId: string, label: 'VIOLATING' | 'NON_VIOLATING') {
    await app.database.db.transaction().execute((trx) => appendVerdict(trx, {
      tenant_id: tenantId, evaluation_id: rawId(evaluationGlobalId), policy_version_id: rawId(versionId), stage: 'HUMAN', label,
      policy_category: null, rule_ids: label === 'VIOLATING' ? ['PT1.a'] : [], confidence: null, severity: null, recommended_action: null,
      rationale: 'reviewed', reasoning: null, reasoning_sha256: null, effort: null, usage: null, latency_ms: null, triage_score: null,
      evaluator: 'human', evaluator_identity: 'human', findings: [], reviewer: 'user:rita', supersedes_id: null,
    }));
  }

  it('uses HUMAN verdicts first and never unreviewed escalated or finding-flagged machine verdicts', async () => {
    const decided = await evaluate('calm cat naps in the sun');
    const sale = await evaluate('selling kittens cheap');
    const overturned = await evaluate('selling a parrot, but it is a toy');
    const unsure = await evaluate('unsure maybe a sale');
    const invented = await evaluate('invented rule citation here');
    const reviewed = await evaluate('unsure but reviewed');
    expect([decided, sale, overturned, unsure, invented, reviewed].map((e) => e.status)).toEqual(['DECIDED', 'DECIDED', 'DECIDED', 'ESCALATED', 'ESCALATED', 'ESCALATED']);
    await human(overturned.id, 'NON_VIOLATING');
    await human(reviewed.id, 'NON_VIOLATING');

    const { items, source } = await decisionItems({ db: app.database.db, tenantId, actor: 'test' }, 'pets');
    const byContent = Object.fromEntries(items.map((item) => [item.content, item.labels.violation]));
    expect(byContent).toEqual({
      'calm cat naps in the sun': 0,
      'selling kittens cheap': 1,
      // The reviewer overturned the reasoner.
      'selling a parrot, but it is a toy': 0,
      // Escalated, then decided by a reviewer: the HUMAN verdict is ground truth.
      'unsure but reviewed': 0,
    });
    expect(source).toEqual({ kind: 'decisions', policySlug: 'pets', labelKey: 'violation', items: 4, human: 2, reasoner: 2 });
  });
});

describe('groundTruth', () => {
  const base = { content: 'x', policyVersionId: 'v1', findingCodes: [] as string[], evaluationStatus: 'DECIDED' as const };
  it('drops a finding-flagged machine verdict even on a DECIDED evaluation, and keys by evaluation and version', () => {
    const decisions = [
      { ...base, verdictId: 'a', evaluationId: 'e1', label: 'VIOLATING' as const, stage: 'REASONING' as const, findingCodes: ['SANITIZED_OUTPUT'] },
      { ...base, verdictId: 'b', evaluationId: 'e2', label: 'VIOLATING' as const, stage: 'REASONING' as const },
      { ...base, verdictId: 'c', evaluationId: 'e2', label: 'NON_VIOLATING' as const, stage: 'REASONING' as const, policyVersionId: 'v2' },
      { ...base, verdictId: 'd', evaluationId: 'e3', label: 'VIOLATING' as const, stage: 'HUMAN' as const },
      // A later reasoner run (an appeal) never displaces the reviewer's decision.
      { ...base, verdictId: 'e', evaluationId: 'e3', label: 'NON_VIOLATING' as const, stage: 'REASONING' as const },
      { ...base, verdictId: 'f', evaluationId: 'e4', label: 'NON_VIOLATING' as const, stage: 'REASONING' as const, evaluationStatus: 'FAILED' as const },
    ];
    expect(groundTruth(decisions).map((d) => d.verdictId)).toEqual(['b', 'c', 'd']);
  });
});
