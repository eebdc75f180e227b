import { createArbiterClient } from 'arbiter/client';

const arbiter = createArbiterClient({ url: 'http://localhost:4000/graphql', token: process.env.ARBITER_TOKEN ?? '' });

const evaluation = await arbiter.evaluate({ content: 'Buy cheap followers now!!!', policies: ['spam'], wait: true });
console.log(evaluation.status); // DECIDED, ESCALATED or FAILED
for (const verdict of evaluation.finalVerdicts) {
  console.log(verdict.policyVersion.policy.slug, verdict.label, verdict.ruleIds, verdict.rationale ?? '');
}
