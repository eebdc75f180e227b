import { createArbiterClient } from 'arbiter/client';

const arbiter = createArbiterClient({ url: 'http://localhost:4000/graphql', token: process.env.ARBITER_TOKEN ?? '' });

const filter = { policySlug: 'spam', version: 3, label: 'VIOLATING' as const };
console.log(`${await arbiter.countDecisions(filter)} decisions`);
for await (const verdict of arbiter.decisions(filter, { pageSize: 500 })) {
  console.log([verdict.createdAt, verdict.id, verdict.stage, verdict.ruleIds.join(' '), verdict.hash].join('\t'));
}
