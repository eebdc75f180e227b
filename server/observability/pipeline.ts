import { ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
import type { EventBus } from '../events/bus.js';
import type { BusMessage, EvaluationEvent } from '../events/types.js';
import { isTerminal } from '../events/types.js';
import { metrics } from './metrics.js';
import { tracer } from './tracing.js';

/** Where one evaluation run of this process stands, as its events tell it. */
interface Running {
  stage: string;
  stageSince: number;
  readonly startedAt: number;
  readonly evaluationSpan: Span;
  stageSpan: Span;
}

/** Runs tracked at most at once; a run whose worker died never finishes here, so the oldest give way. */
const MAX_TRACKED = 10_000;

/**
 * The same bus, with the pipeline's events turned into metrics and spans as this process
 * publishes them: stage durations, evaluation durations, and evaluations by final status and
 * by the stage that settled them. The engine needs no metrics code of its own.
 */
export function observePipeline(bus: EventBus): EventBus {
  const running = new Map<string, Running>();
  return {
    ...bus,
    publish(message) {
      bus.publish(message);
      if ('event' in message) observe(running, message, message.event);
    },
    subscribe: (id) => bus.subscribe(id),
    close: () => bus.close(),
  };
}

function observe(running: Map<string, Running>, message: BusMessage, event: EvaluationEvent): void {
  const now = performance.now();
  const run = running.get(message.evaluationId);
  if (event.type === 'StageChanged' && !isTerminal(event.status)) {
    if (run) endStage(run, now);
    if (run) Object.assign(run, { stage: event.status, stageSince: now, stageSpan: stageSpan(event.status, run.evaluationSpan) });
    else track(running, message.evaluationId, event.status, now);
    return;
  }
  if (event.type !== 'EvaluationFinished' || !run) return;
  endStage(run, now);
  metrics.evaluationsFinished.inc({ status: event.status, stage: run.stage });
  metrics.evaluationDuration.observe({ status: event.status }, (now - run.startedAt) / 1000);
  run.evaluationSpan.setAttribute('arbiter.status', event.status);
  run.evaluationSpan.end();
  running.delete(message.evaluationId);
}

function track(running: Map<string, Running>, evaluationId: string, stage: string, now: number): void {
  if (running.size >= MAX_TRACKED) {
    const [oldest, run] = running.entries().next().value!;
    run.stageSpan.end();
    run.evaluationSpan.end();
    running.delete(oldest);
  }
  const evaluationSpan = tracer().startSpan('evaluation.run', { attributes: { 'arbiter.evaluation_id': evaluationId } });
  running.set(evaluationId, { stage, stageSince: now, startedAt: now, evaluationSpan, stageSpan: stageSpan(stage, evaluationSpan) });
}

const stageSpan = (stage: string, parent: Span): Span =>
  tracer().startSpan(`stage.${stage.toLowerCase()}`, { attributes: { 'arbiter.stage': stage } }, trace.setSpan(ROOT_CONTEXT, parent));

function endStage(run: Running, now: number): void {
  metrics.stageDuration.observe({ stage: run.stage }, (now - run.stageSince) / 1000);
  run.stageSpan.end();
}
