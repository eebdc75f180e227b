import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { policyDocument } from '../helpers/policies.js';

describe(`tenant isolation (${testEngine})`, () => {
  let app: TestApp;
  let acme: string;
  let globex: string;
  let versionId: string;
  let policyId: string;
  beforeAll(async () => {
    app = await createTestApp();
    acme = await app.token(['admin'], 'acme');
    globex = await app.token(['admin'], 'globex');
    const created = await app.gql(`mutation($input: CreatePolicyInput!) { createPolicy(input: $input) {
      ... on CreatePolicySuccess { policy { id } version { id } } } }`, { input: { slug: 'pets', name: 'Pets', content: policyDocument() } }, acme);
    versionId = created.data.createPolicy.version.id;
    policyId = created.data.createPolicy.policy.id;
  });
  afterAll(async () => app.close());

  it("shows another tenant nothing of a tenant's policy", async () => {
    const seen = await app.gql(`query($v: ID!, $p: ID!) { policy(slug: "pets") { id } policies(first: 5) { edges { node { id } } }
      policyVersion(id: $v) { id } node(id: $p) { id } }`, { v: versionId, p: policyId }, globex);
    expect(seen).toEqual({ status: 200, data: { policy: null, policies: { edges: [] }, policyVersion: null, node: null } });
  });

  it("cannot publish another tenant's version", async () => {
    const publish = await app.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename ... on Error { code } } }`, { id: versionId }, globex);
    expect(publish.data).toEqual({ publishPolicyVersion: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
    const own = await app.gql(`{ policy(slug: "pets") { latestVersion { status } } }`, {}, acme);
    expect(own.data).toEqual({ policy: { latestVersion: { status: 'DRAFT' } } });
  });

  it('lets each tenant use the same slug independently', async () => {
    const created = await app.gql(`mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename } }`,
      { input: { slug: 'pets', name: 'Pets', content: policyDocument() } }, globex);
    expect(created.data).toEqual({ createPolicy: { __typename: 'CreatePolicySuccess' } });
  });

  it('resolves node(id) within the tenant', async () => {
    const found = await app.gql(`query($id: ID!) { node(id: $id) { __typename ... on PolicyVersion { version } } }`, { id: versionId }, acme);
    expect(found.data).toEqual({ node: { __typename: 'PolicyVersion', version: 1 } });
  });
});
