import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const VIEWER = '{ viewer { subject tenant roles permissions } }';

describe('viewer', () => {
  let app: TestApp;
  beforeAll(async () => void (app = await createTestApp()));
  afterAll(async () => app.close());

  it('tells a reviewer its tenant, roles and what they permit', async () => {
    const { data } = await app.gql(VIEWER, {}, await app.token(['reviewer'], 'acme', 'rita'));
    expect(data.viewer).toEqual({ subject: 'rita', tenant: 'acme', roles: ['reviewer'], permissions: ['read', 'review', 'audit', 'readReasoning', 'readDatasets', 'readReviews'] });
  });

  it('does not grant chain of thought or the queue to a policy author', async () => {
    const { data } = await app.gql(VIEWER, {}, await app.token(['policy_author'], 'beta', 'pat'));
    expect(data.viewer).toEqual({ subject: 'pat', tenant: 'beta', roles: ['policy_author'], permissions: ['read', 'writePolicies', 'evaluate', 'audit', 'manageModels', 'writeDatasets', 'readDatasets'] });
  });

  it('is UNAUTHENTICATED without a token', async () => {
    const result = await app.gql(VIEWER);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
