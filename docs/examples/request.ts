import { createArbiterClient, documents, type TypedDocumentNode } from 'arbiter/client';
import { parse } from 'graphql';

const arbiter = createArbiterClient({ url: 'http://localhost:4000/graphql', token: process.env.ARBITER_TOKEN ?? '' });

// The client's own typed documents…
const page = await arbiter.request(documents.DecisionsDocument, { filter: { ruleId: 'SP2.a' }, first: 10 });
console.log(page.decisions.totalCount, page.decisions.edges.map((edge) => edge.node.id));

// …or your own: generate TypedDocumentNodes with @graphql-codegen/client-preset from the schema
// (node_modules/arbiter/schema/schema.graphql), or type one by hand.
const Policies = parse('query { policies(first: 5) { totalCount edges { node { slug } } } }') as
  TypedDocumentNode<{ policies: { totalCount: number; edges: { node: { slug: string } }[] } }, Record<string, never>>;
const { policies } = await arbiter.request(Policies);
console.log(policies.edges.map((edge) => edge.node.slug));
