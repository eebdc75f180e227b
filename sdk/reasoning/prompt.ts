import type { EvaluatorPolicy } from '../evaluator.js';

/**
 * Version of the prompt layout below. It is part of every reasoner's identity: change it whenever
 * the wording of {@link buildSystemPrompt} or {@link buildUserPrompt} changes, so verdicts made
 * with different prompts never share an evaluator identity.
 */
export const PROMPT_TEMPLATE_VERSION = 'arbiter-prompt/1';

// The guide's richest answer format; the model is asked for it explicitly because the policy
// documents may or may not carry their own output section.
const ANSWER_SHAPE =
  '{"violation": 0|1, "policy_category": "<category id>", "rule_ids": ["<rule id>", ...], ' +
  '"confidence": "low|medium|high", "rationale": "<one or two sentences>"}';

const SINGLE_FORMAT = [
  '## Output format',
  '',
  'Answer with exactly one JSON object and nothing else:',
  ANSWER_SHAPE,
  'Use "violation": 1 when the content violates the policy and 0 when it does not. Cite only rule',
  'ids that appear in the policy above; use an empty "rule_ids" list when nothing is violated.',
].join('\n');

/**
 * The system (developer) message for one reasoner call.
 *
 * One policy: its text followed by the explicit JSON output-format instruction. Several policies:
 * each policy under a heading naming its slug, then an instruction to answer with ONE JSON object
 * keyed by policy slug whose values have the single-policy shape.
 */
export function buildSystemPrompt(policies: readonly EvaluatorPolicy[]): string {
  if (policies.length === 1) return `${policies[0]!.text.trim()}\n\n${SINGLE_FORMAT}\n`;
  const sections = policies.map((policy) => `# Policy \`${policy.slug}\`\n\n${policy.text.trim()}`);
  const slugs = policies.map((policy) => `"${policy.slug}"`).join(', ');
  const format = [
    '# Output format',
    '',
    `Evaluate the content against each of the ${policies.length} policies above independently.`,
    `Answer with ONE JSON object and nothing else, keyed by policy slug (${slugs}); each value is`,
    ANSWER_SHAPE,
    'Use "violation": 1 when the content violates that policy and 0 when it does not. Cite only',
    "rule ids that appear in that policy; use an empty \"rule_ids\" list when nothing is violated.",
  ].join('\n');
  return `${sections.join('\n\n')}\n\n${format}\n`;
}

/**
 * The user message for one reasoner call: the content to classify, with harmony markers defused.
 * Runtimes such as llama.cpp match `<|start|>`, `<|channel|>`, `<|end|>`… even inside plain text,
 * so content could forge an assistant turn; a word joiner after `<` keeps the text as a reader
 * sees it while no special token can match.
 */
export function buildUserPrompt(content: string): string {
  return content.replaceAll('<|', '<\u2060|');
}
