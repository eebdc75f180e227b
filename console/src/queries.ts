// GraphQL documents of the console (used by api.ts only). `cot` adds the chain of thought, asked only by
// roles that may read it: the server returns null to others anyway, the console does not even ask.

const FINDINGS = 'findings { code message }';
const verdict = (cot: boolean) => `id stage label ruleIds confidence severity rationale ${cot ? 'reasoning' : ''} reasoningSha256
  evaluator evaluatorIdentity reviewer effort latencyMs createdAt hash chainSeq recommendedAction ${FINDINGS}
  policyVersion { id version policy { slug name } } evaluation { id } supersedes { id stage label }`;
const RULES = 'rules { id title severity action }';
const VERSION = `id version status content ${RULES} policy { slug name }`;
const SUMMARY = 'id status queue priority severity reasons assignee claimedUntil dueAt createdAt decidedAt evaluation { id status }';
const evaluationFields = (cot: boolean) => `id status content effort effortReason escalationReasons error provisionalAction createdAt finishedAt
  policyVersions { ${VERSION} } verdicts { ${verdict(cot)} } finalVerdicts { id }`;

export const VIEWER = '{ viewer { subject tenant roles permissions } }';

export const reviewItems = (_cot: boolean) => `query($status: ReviewItemStatus) {
  reviewItems(filter: { status: $status }, first: 50) { totalCount edges { node { ${SUMMARY} } } } }`;
export const reviewItem = (cot: boolean) => `query($id: ID!) { node(id: $id) { ... on ReviewItem { ${SUMMARY} note
  appeal { id status reason appellant outcome statementOfReasons } decisions { ${verdict(cot)} }
  evaluation { ${evaluationFields(cot)} } } } }`;

const ERROR = '... on Error { code message } ... on ValidationError { problems { path message } }';
const itemMutation = (name: string, args: string, params: string) =>
  `mutation(${params}) { ${name}(${args}) { __typename ... on ${name[0]!.toUpperCase()}${name.slice(1)}Success { item { ${SUMMARY} } } ${ERROR} } }`;
export const CLAIM = itemMutation('claimReviewItem', 'id: $id', '$id: ID!');
export const CLAIM_NEXT = itemMutation('claimNextReviewItem', 'queue: $queue', '$queue: String');
export const RELEASE = itemMutation('releaseReviewItem', 'id: $id', '$id: ID!');
export const DECIDE = `mutation($input: DecideReviewItemInput!) { decideReviewItem(input: $input) { __typename
  ... on DecideReviewItemSuccess { verdicts { id stage label ruleIds reviewer } } ${ERROR} } }`;
export const QUEUE_EVENTS = `subscription { reviewQueueEvents { __typename
  ... on ReviewItemAdded { item { ${SUMMARY} } } ... on ReviewItemClaimed { item { ${SUMMARY} } }
  ... on ReviewItemReleased { item { ${SUMMARY} } } ... on ReviewItemDecided { item { ${SUMMARY} } } } }`;

export const EVALUATE = `mutation($input: EvaluateInput!) { evaluate(input: $input) { __typename
  ... on EvaluateSuccess { evaluation { id } } ${ERROR} } }`;
export const evaluation = (cot: boolean) => `query($id: ID!) { evaluation(id: $id) { ${evaluationFields(cot)} } }`;
export const evaluationEvents = (cot: boolean) => `subscription($id: ID!) { evaluationEvents(evaluationId: $id) { __typename
  ... on StageChanged { seq status } ... on ReasoningDelta { seq text evaluator policyVersionIds }
  ... on VerdictReached { seq verdict { ${verdict(cot)} } } ... on EvaluationFinished { seq evaluation { ${evaluationFields(cot)} } } } }`;

export const decisions = (cot: boolean) => `query($filter: DecisionFilter!, $after: String, $first: Int) {
  decisions(filter: $filter, after: $after, first: $first) { pageInfo { hasNextPage endCursor } edges { node { ${verdict(cot)} } } } }`;
export const verdictNode = (cot: boolean) => `query($id: ID!) { node(id: $id) { ... on Verdict { ${verdict(cot)} } } }`;

export const POLICIES = `{ policies(first: 50) { edges { node { id slug name
  publishedVersion { id version } latestVersion { id version status } } } } }`;
export const POLICY_VERSIONS = `query($slug: String!) { policy(slug: $slug) { id slug name
  versions(first: 20) { edges { node { id version status changelog author createdAt publishedAt retiredAt contentSha256
    defaultEffort lint { code message } ${RULES} } } } } }`;
export const DIFF = 'query($slug: String!, $from: Int!, $to: Int!) { policy(slug: $slug) { diff(from: $from, to: $to) } }';
export const PUBLISH = `mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename
  ... on PublishPolicyVersionSuccess { version { id version status publishedAt } } ${ERROR} } }`;
