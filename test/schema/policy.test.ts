import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { policyDocument } from '../helpers/policies.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const CREATE = `mutation($input: CreatePolicyInput!) { createPolicy(input: $input) {
  __typename
  ... on CreatePolicySuccess { policy { id slug name } version { id version status contentSha256 rules { id title severity action } defaultEffort } }
  ... on Error { code message }
  ... on ValidationError { problems { path line message } } } }`;
const NEW_VERSION = `mutation($input: CreatePolicyVersionInput!) { createPolicyVersion(input: $input) {
  __typename ... on CreatePolicyVersionSuccess { version { id version status contentSha256 } } ... on Error { code message } } }`;
const PUBLISH = `mutation($id: ID!) { publishPolicyVersion(id: $id) {
  __typename ... on PublishPolicyVersionSuccess { version { id version status publishedAt } } ... on Error { code message } } }`;
const UPDATE = `mutation($input: UpdatePolicyVersionInput!) { updatePolicyVersion(input: $input) {
  __typename ... on UpdatePolicyVersionSuccess { version { version contentSha256 } } ... on Error { code message } } }`;

describe(`policies (${testEngine})`, () => {
  let app: TestApp;
  let author: string;
  beforeAll(async () => {
    app = await createTestApp();
    author = await app.token(['policy_author']);
  });
  afterAll(async () => app.close());

  it('takes a hand-written policy through create, publish, new version and publish', async () => {
    const v1Content = policyDocument();
    const created = await app.gql(CREATE, { input: { slug: 'pets', name: 'Pet marketplace', content: v1Content } }, author);
    expect(created.data.createPolicy).toMatchObject({
      __typename: 'CreatePolicySuccess',
      policy: { slug: 'pets', name: 'Pet marketplace' },
      version: {
        version: 1, status: 'DRAFT', contentSha256: sha256(v1Content), defaultEffort: 'LOW',
        rules: [
          { id: 'PT1.a', title: 'Selling animals', severity: 2, action: 'remove' },
          { id: 'PT1.b', title: 'Animal cruelty', severity: 4, action: 'escalate' },
        ],
      },
    });
    const v1 = created.data.createPolicy.version.id;
    expect((await app.gql(PUBLISH, { id: v1 }, author)).data.publishPolicyVersion).toMatchObject({ __typename: 'PublishPolicyVersionSuccess', version: { version: 1, status: 'PUBLISHED' } });

    const v2Content = policyDocument({ extraRule: true });
    const v2 = (await app.gql(NEW_VERSION, { input: { slug: 'pets', content: v2Content, changelog: 'exotic species' } }, author)).data.createPolicyVersion;
    expect(v2).toEqual({ __typename: 'CreatePolicyVersionSuccess', version: { id: expect.any(String), version: 2, status: 'DRAFT', contentSha256: sha256(v2Content) } });
    await app.gql(PUBLISH, { id: v2.version.id }, author);

    const read = await app.gql(`{ policy(slug: "pets") { publishedVersion { version contentSha256 } latestVersion { version }
      versions(first: 10) { edges { node { version status } } } diff(from: 1, to: 2) } }`, {}, author);
    expect(read.data.policy).toMatchObject({
      publishedVersion: { version: 2, contentSha256: sha256(v2Content) },
      latestVersion: { version: 2 },
      versions: { edges: [{ node: { version: 2, status: 'PUBLISHED' } }, { node: { version: 1, status: 'PUBLISHED' } }] },
    });
    expect(read.data.policy.diff).toContain('+- **PT1.c** Offers an exotic or protected species.');
  });

  it('rejects any change to a published version with VERSION_NOT_DRAFT', async () => {
    const v1 = (await app.gql(`{ policy(slug: "pets") { versions(first: 1) { edges { node { id } } } } }`, {}, author)).data.policy.versions.edges[0].node.id;
    expect((await app.gql(UPDATE, { input: { id: v1, content: policyDocument({ name: 'Changed' }) } }, author)).data.updatePolicyVersion)
      .toEqual({ __typename: 'VersionNotDraftError', code: 'VERSION_NOT_DRAFT', message: expect.stringContaining('PUBLISHED') });
    expect((await app.gql(PUBLISH, { id: v1 }, author)).data.publishPolicyVersion).toMatchObject({ __typename: 'VersionNotDraftError', code: 'VERSION_NOT_DRAFT' });
  });

  it('lets a draft change, and the hash follows the content', async () => {
    const draft = (await app.gql(NEW_VERSION, { input: { slug: 'pets', content: policyDocument() } }, author)).data.createPolicyVersion.version;
    const content = policyDocument({ severity: 3 });
    expect((await app.gql(UPDATE, { input: { id: draft.id, content } }, author)).data.updatePolicyVersion)
      .toEqual({ __typename: 'UpdatePolicyVersionSuccess', version: { version: draft.version, contentSha256: sha256(content) } });
  });

  it('refuses a second policy with the same slug', async () => {
    const again = await app.gql(CREATE, { input: { slug: 'pets', name: 'Again', content: policyDocument() } }, author);
    expect(again.data.createPolicy).toEqual({ __typename: 'AlreadyExistsError', code: 'ALREADY_EXISTS', message: 'policy "pets" already exists' });
  });

  it('says where a policy document is invalid', async () => {
    const bad = policyDocument({ slug: 'broken' }).replace('effort: low', 'effort: low\ncolour: blue');
    const result = await app.gql(CREATE, { input: { slug: 'broken', name: 'Broken', content: bad } }, author);
    expect(result.data.createPolicy).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: 'colour' }] });
  });

  it('refuses a front-matter slug that differs from the policy slug', async () => {
    const result = await app.gql(CREATE, { input: { slug: 'other', name: 'Other', content: policyDocument() } }, author);
    expect(result.data.createPolicy).toMatchObject({ __typename: 'ValidationError', problems: [{ path: 'slug', line: null }] });
  });

  it('retires a published version, which then cannot be evaluated against, and refuses to retire a draft', async () => {
    const versions = (await app.gql(`{ policy(slug: "pets") { versions(first: 10) { edges { node { id version status } } } } }`, {}, author)).data.policy.versions.edges.map((e: any) => e.node);
    const v1 = versions.find((v: any) => v.version === 1);
    const draft = versions.find((v: any) => v.status === 'DRAFT');
    const RETIRE = `mutation($id: ID!) { retirePolicyVersion(id: $id) { __typename ... on RetirePolicyVersionSuccess { version { status retiredAt } } ... on Error { code } } }`;
    expect((await app.gql(RETIRE, { id: v1.id }, author)).data.retirePolicyVersion).toEqual({ __typename: 'RetirePolicyVersionSuccess', version: { status: 'RETIRED', retiredAt: expect.any(String) } });
    expect((await app.gql(RETIRE, { id: draft.id }, author)).data.retirePolicyVersion).toEqual({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    const evaluate = await app.gql(`mutation { evaluate(input: { content: "x", policies: ["pets@1"] }) { __typename ... on ValidationError { problems { message } } } }`, {}, await app.token(['admin']));
    expect(evaluate.data.evaluate).toEqual({ __typename: 'ValidationError', problems: [{ message: '"pets@1" is RETIRED' }] });
  });
});
