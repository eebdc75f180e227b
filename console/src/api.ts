// The console's ONE door to the server: every query, mutation, subscription and download goes through
// here (plain fetch to /graphql, graphql-ws for subscriptions), so switching to sdk/client is one file.
import { createClient, type Client } from 'graphql-ws';
import * as q from './queries.js';
import type {
  DecisionFilter, Evaluation, EvaluationEvent, HumanDecision, Policy, PolicyVersion, QueueEvent, ReviewItem, Verdict, Viewer,
} from './types.js';

const TOKEN_KEY = 'arbiter.console.token';

/** A GraphQL error or a typed error member of a payload union, with its stable code. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  save: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  clear: (): void => {
    sessionStorage.removeItem(TOKEN_KEY);
    socket?.dispose();
    socket = null;
  },
};

const authorization = () => `Bearer ${session.token() ?? ''}`;

async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: authorization() },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? 'INTERNAL');
  return body.data as T;
}

type Payload = { __typename: string; code?: string; message?: string; problems?: { path: string; message: string }[] };

/** A payload union's Success member, or its typed error thrown as an ApiError. */
function success<T extends Payload>(payload: T): T {
  if (payload.__typename.endsWith('Success')) return payload;
  const detail = payload.problems?.map((p) => `${p.path}: ${p.message}`).join('; ');
  const message = payload.message ?? payload.__typename;
  throw new ApiError(detail ? `${message} (${detail})` : message, payload.code ?? payload.__typename);
}

/** Runs a mutation and returns its payload's Success member (typed errors thrown). */
async function mutate<T>(query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  const data = await request<Record<string, Payload & T>>(query, variables);
  return success(data[field]!);
}

type Connection<T> = { totalCount?: number; pageInfo?: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };
const nodes = <T>(connection: Connection<T>): T[] => connection.edges.map((e) => e.node);
const firstError = (errors: readonly { message: string; extensions?: Record<string, unknown> }[]) =>
  new ApiError(errors[0]!.message, String(errors[0]!.extensions?.code ?? 'INTERNAL'));

let socket: Client | null = null;
function ws(): Client {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ authorization: authorization() }),
    lazy: true,
    retryAttempts: 5,
  });
  return socket;
}

/** Subscribes; returns the function that stops it. */
interface Handlers<T> { next: (data: T) => void; error: (error: Error) => void; complete?: () => void }

function subscribe<T>(query: string, variables: Record<string, unknown>, handlers: Handlers<T>): () => void {
  const { next: onNext, error: onError, complete: onComplete } = handlers;
  return ws().subscribe<T>({ query, variables }, {
    next: (result) => {
      if (result.errors?.length) onError(firstError(result.errors));
      else if (result.data) onNext(result.data as T);
    },
    error: (error) => onError(error instanceof Error ? error : Array.isArray(error) ? firstError(error) : new Error('subscription closed')),
    complete: () => onComplete?.(),
  });
}

export const viewer = async (): Promise<Viewer> => (await request<{ viewer: Viewer }>(q.VIEWER)).viewer;

export const review = {
  async items(status: 'OPEN' | 'CLAIMED', cot: boolean): Promise<{ total: number; items: ReviewItem[] }> {
    const data = await request<{ reviewItems: Connection<ReviewItem> }>(q.reviewItems(cot), { status });
    return { total: data.reviewItems.totalCount ?? 0, items: nodes(data.reviewItems) };
  },
  async item(id: string, cot: boolean): Promise<ReviewItem | null> {
    return (await request<{ node: ReviewItem | null }>(q.reviewItem(cot), { id })).node;
  },
  async claim(id: string): Promise<ReviewItem> {
    return (await mutate<{ item: ReviewItem }>(q.CLAIM, { id }, 'claimReviewItem')).item;
  },
  async claimNext(queue: string | null): Promise<ReviewItem | null> {
    return (await mutate<{ item: ReviewItem | null }>(q.CLAIM_NEXT, { queue }, 'claimNextReviewItem')).item;
  },
  async release(id: string): Promise<ReviewItem> {
    return (await mutate<{ item: ReviewItem }>(q.RELEASE, { id }, 'releaseReviewItem')).item;
  },
  async decide(id: string, decisions: HumanDecision[], note: string | null): Promise<Verdict[]> {
    return (await mutate<{ verdicts: Verdict[] }>(q.DECIDE, { input: { id, decisions, note } }, 'decideReviewItem')).verdicts;
  },
  events(onEvent: (event: QueueEvent) => void, onError: (error: Error) => void, onConnected: () => void): () => void {
    const off = ws().on('connected', onConnected);
    const next = (d: { reviewQueueEvents: QueueEvent }) => onEvent(d.reviewQueueEvents);
    const stop = subscribe(q.QUEUE_EVENTS, {}, { next, error: onError });
    return () => (off(), stop());
  },
};

export const evaluations = {
  async submit(content: string, policies: string[], effort: string | null): Promise<string> {
    const input = { content, policies, effort };
    return (await mutate<{ evaluation: { id: string } }>(q.EVALUATE, { input }, 'evaluate')).evaluation.id;
  },
  async get(id: string, cot: boolean): Promise<Evaluation | null> {
    return (await request<{ evaluation: Evaluation | null }>(q.evaluation(cot), { id })).evaluation;
  },
  /** Every event of the evaluation from its first (replayed when it already ran), until it finishes. */
  events(id: string, cot: boolean, handlers: Handlers<EvaluationEvent>): () => void {
    const next = (d: { evaluationEvents: EvaluationEvent }) => handlers.next(d.evaluationEvents);
    return subscribe(q.evaluationEvents(cot), { id }, { ...handlers, next });
  },
};

export const decisions = {
  /** One keyset page of 25, newest first; `next` is the cursor of the following page, null at the end. */
  async page(filter: DecisionFilter, after: string | null, cot: boolean): Promise<{ verdicts: Verdict[]; next: string | null }> {
    const data = await request<{ decisions: Connection<Verdict> }>(q.decisions(cot), { filter, after, first: 25 });
    const pageInfo = data.decisions.pageInfo!;
    return { verdicts: nodes(data.decisions), next: pageInfo.hasNextPage ? pageInfo.endCursor : null };
  },
  async verdict(id: string, cot: boolean): Promise<Verdict | null> {
    return (await request<{ node: Verdict | null }>(q.verdictNode(cot), { id })).node;
  },
  /** The NDJSON export of the same filter, fetched with the bearer header (a plain link cannot send it). */
  async exportBlob(filter: DecisionFilter): Promise<Blob> {
    const response = await fetch(exportUrl(filter), { headers: { authorization: authorization() } });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
      if (body?.errors?.length) throw firstError(body.errors);
      throw new ApiError(`export failed (${response.status})`, 'EXPORT_FAILED');
    }
    return response.blob();
  },
};

/** `/exports/decisions.ndjson` with the filter as query parameters (DESIGN §7). */
export function exportUrl(filter: DecisionFilter): string {
  const params = new URLSearchParams();
  const names: Record<string, string> = {
    policySlug: 'policy', version: 'version', ruleId: 'rule', label: 'label', stage: 'stage', from: 'from', to: 'to',
  };
  for (const [key, name] of Object.entries(names)) {
    const value = filter[key as keyof DecisionFilter];
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  return `/exports/decisions.ndjson?${params}`;
}

export const policies = {
  async list(): Promise<Policy[]> {
    return nodes((await request<{ policies: Connection<Policy> }>(q.POLICIES)).policies);
  },
  async versions(slug: string): Promise<{ policy: Policy; versions: PolicyVersion[] } | null> {
    const data = await request<{ policy: (Policy & { versions: Connection<PolicyVersion> }) | null }>(q.POLICY_VERSIONS, { slug });
    return data.policy ? { policy: data.policy, versions: nodes(data.policy.versions) } : null;
  },
  async diff(slug: string, from: number, to: number): Promise<string> {
    return (await request<{ policy: { diff: string | null } | null }>(q.DIFF, { slug, from, to })).policy?.diff ?? '';
  },
  async publish(id: string): Promise<PolicyVersion> {
    return (await mutate<{ version: PolicyVersion }>(q.PUBLISH, { id }, 'publishPolicyVersion')).version;
  },
};
