// Child-process side of delivery-latency.ts: `count` graphql-ws clients, one WebSocket each,
// subscribed to one evaluation's events. A ReasoningDelta's text starts with the epoch time (ms)
// at which the reasoner emitted it; receipt minus that is the delivery latency.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** What the parent asks for. */
export interface SubscribePlan {
  readonly url: string;
  readonly token: string;
  readonly evaluationId: string;
  readonly count: number;
}

/** Messages to the parent: every subscriber has seen its first event; or the figures at the end. */
export type SubscriberMessage =
  | { readonly type: 'ready'; readonly connectMs: number }
  | { readonly type: 'done'; readonly latencies: number[]; readonly fromSchedule: number[]; readonly deltasPerSubscriber: number[]; readonly errors: string[]; readonly cpuMsAfterReady: number };

const EVENTS = `subscription($id: ID!) { evaluationEvents(evaluationId: $id) {
  __typename ... on ReasoningDelta { seq text } ... on StageChanged { seq status } ... on EvaluationFinished { seq } } }`;

const now = (): number => performance.timeOrigin + performance.now();

function subscribeOne(plan: SubscribePlan, latencies: number[], fromSchedule: number[], onFirst: () => void): Promise<number> {
  const client = createClient({ url: plan.url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${plan.token}` }, retryAttempts: 0, lazy: true });
  let deltas = 0;
  let first = true;
  return new Promise<number>((resolve, reject) => {
    client.subscribe<{ evaluationEvents: { __typename: string; text?: string } }>({ query: EVENTS, variables: { id: plan.evaluationId } }, {
      next: (result) => {
        const received = now();
        const event = result.data?.evaluationEvents;
        if (first) {
          first = false;
          onFirst();
        }
        if (event?.__typename !== 'ReasoningDelta') return;
        deltas += 1;
        const [emitted, scheduled] = event.text!.split(' ', 2).map(Number) as [number, number];
        latencies.push(received - emitted);
        fromSchedule.push(received - scheduled);
      },
      error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => resolve(deltas),
    });
  }).finally(() => void client.dispose());
}

async function run(plan: SubscribePlan): Promise<void> {
  const latencies: number[] = [];
  const fromSchedule: number[] = [];
  const errors: string[] = [];
  const started = performance.now();
  let ready = 0;
  let cpuAtReady = process.cpuUsage();
  const onFirst = () => {
    ready += 1;
    if (ready < plan.count) return;
    cpuAtReady = process.cpuUsage();
    process.send!({ type: 'ready', connectMs: performance.now() - started } satisfies SubscriberMessage);
  };
  const outcomes = await Promise.allSettled(Array.from({ length: plan.count }, () => subscribeOne(plan, latencies, fromSchedule, onFirst)));
  const deltasPerSubscriber = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 0));
  for (const o of outcomes) if (o.status === 'rejected') errors.push(String((o.reason as Error).message ?? o.reason));
  const cpu = process.cpuUsage(cpuAtReady);
  const cpuMsAfterReady = (cpu.user + cpu.system) / 1000;
  process.send!({ type: 'done', latencies, fromSchedule, deltasPerSubscriber, errors: errors.slice(0, 5), cpuMsAfterReady } satisfies SubscriberMessage, () => process.exit(0));
}

process.once('message', (plan: SubscribePlan) => void run(plan));
