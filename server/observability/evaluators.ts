import type { Evaluator, ReasonerEvaluator, ReasonInput } from '../../sdk/index.js';
import { metrics, recordReasonerCall } from './metrics.js';
import { capturesContent, inSpan } from './tracing.js';

/**
 * The same evaluator, with each reasoner call counted (calls, tokens, duration, in flight) and
 * traced as a `reasoner.call` span. Triage evaluators pass through unchanged.
 */
export function instrumentEvaluator<E extends Evaluator>(evaluator: E): E {
  if (evaluator.kind !== 'reasoner') return evaluator;
  const reasoner = evaluator as ReasonerEvaluator;
  const evaluate = (input: ReasonInput) => observedCall(reasoner, input);
  return new Proxy(evaluator, { get: (target, key, receiver) => (key === 'evaluate' ? evaluate : Reflect.get(target, key, receiver)) });
}

async function observedCall(reasoner: ReasonerEvaluator, input: ReasonInput) {
  const labels = { evaluator: reasoner.name, replica: 'default' };
  const attributes = {
    'arbiter.evaluator': reasoner.name, 'arbiter.evaluator.version': reasoner.version, 'arbiter.effort': input.effort,
    'arbiter.policies': input.policies.length, ...(capturesContent() ? { 'arbiter.content': input.content } : {}),
  };
  return inSpan('reasoner.call', attributes, async (span) => {
    const started = performance.now();
    metrics.reasonerInFlight.inc(labels);
    try {
      const result = await reasoner.evaluate(input);
      const { promptTokens, completionTokens } = result.usage;
      recordReasonerCall({ ...labels, outcome: 'ok', seconds: (performance.now() - started) / 1000, promptTokens, completionTokens });
      span.setAttributes({ 'gen_ai.usage.input_tokens': promptTokens, 'gen_ai.usage.output_tokens': completionTokens });
      if (capturesContent()) span.setAttribute('arbiter.reasoning', result.reasoning);
      return result;
    } catch (error) {
      recordReasonerCall({ ...labels, outcome: input.signal.aborted ? 'aborted' : 'error', seconds: (performance.now() - started) / 1000 });
      throw error;
    } finally {
      metrics.reasonerInFlight.dec(labels);
    }
  });
}
