import type { ReasonerEvaluator } from './reasoner.js';
import type { TriageEvaluator } from './triage.js';
import { DuplicateEvaluatorError } from './errors.js';

/** Any evaluator plugin. */
export type Evaluator = TriageEvaluator | ReasonerEvaluator;

/** The set of evaluators a server runs with. */
export interface EvaluatorRegistry {
  /** Adds an evaluator; throws {@link DuplicateEvaluatorError} when its name is taken. */
  register(evaluator: Evaluator): void;
  get(name: string): Evaluator | undefined;
  list(): readonly Evaluator[];
  triage(): readonly TriageEvaluator[];
  /** The first registered reasoner, the one the pipeline uses. */
  reasoner(): ReasonerEvaluator | undefined;
  /** Calls `setup` on every evaluator in registration order. */
  setup(): Promise<void>;
  /** Calls `dispose` in reverse registration order; every dispose runs even if one throws. */
  dispose(): Promise<void>;
}

/** Creates an empty registry. */
export function createEvaluatorRegistry(): EvaluatorRegistry {
  const evaluators: Evaluator[] = [];
  return {
    register(evaluator) {
      if (evaluators.some((e) => e.name === evaluator.name)) {
        throw new DuplicateEvaluatorError(evaluator.name);
      }
      evaluators.push(evaluator);
    },
    get: (name) => evaluators.find((e) => e.name === name),
    list: () => [...evaluators],
    triage: () => evaluators.filter((e): e is TriageEvaluator => e.kind === 'triage'),
    reasoner: () => evaluators.find((e): e is ReasonerEvaluator => e.kind === 'reasoner'),
    async setup() {
      for (const evaluator of evaluators) await evaluator.setup?.();
    },
    async dispose() {
      const failures: unknown[] = [];
      for (const evaluator of [...evaluators].reverse()) {
        try {
          await evaluator.dispose?.();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, 'evaluator dispose failed');
    },
  };
}
