import { scopeOf } from '../server/context.js';
import { type AuditChainReport, verifyChains } from '../server/domain/audit/verify.js';
import { builder } from './builder.js';

const AuditChainReportRef = builder.objectRef<AuditChainReport>('AuditChainReport').implement({
  description: "The result of recomputing every link of the tenant's verdict and audit-event hash chains.",
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked'),
    firstBrokenId: t.exposeID('firstBrokenId', { nullable: true }),
    firstBrokenChain: t.exposeString('firstBrokenChain', { nullable: true }),
  }),
});

builder.queryField('verifyAuditChain', (t) =>
  t.field({ type: AuditChainReportRef, authScopes: { audit: true }, description: "Recomputes the tenant's hash chains and reports the first broken link.", resolve: (_, __, c) => verifyChains(scopeOf(c).db, scopeOf(c).tenantId) }),
);
