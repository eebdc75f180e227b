import type { EvaluatorPolicy, ReasoningEffort } from '../../sdk/index.js';
import { buildSystemPrompt, buildUserPrompt } from '../../sdk/reasoning/index.js';
import type { ResolvedOptions } from './options.js';

/** Arguments of {@link chatRequestBody}. */
export interface ChatRequestInput {
  readonly flavour: 'openai' | 'ollama-native';
  readonly options: ResolvedOptions;
  readonly policies: readonly EvaluatorPolicy[];
  readonly content: string;
  readonly effort: ReasoningEffort;
}

/**
 * The streaming chat request: policy as the system message, content as the user message, and
 * the effort through the runtime's own parameter (`reasoning_effort`, or `think` on Ollama's
 * native API), never only in text.
 */
export function chatRequestBody(input: ChatRequestInput): Record<string, unknown> {
  const { options, flavour } = input;
  const messages = [
    { role: 'system', content: buildSystemPrompt(input.policies) },
    { role: 'user', content: buildUserPrompt(input.content) },
  ];
  if (flavour === 'ollama-native') {
    const { temperature, top_p, max_tokens } = options.decoding;
    const runtime = Object.fromEntries(Object.entries({ temperature, top_p, num_predict: max_tokens }).filter(([, v]) => v !== undefined));
    return { model: options.model, messages, stream: true, think: input.effort, ...(Object.keys(runtime).length > 0 ? { options: runtime } : {}) };
  }
  return {
    model: options.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    reasoning_effort: input.effort,
    ...options.decoding,
  };
}
