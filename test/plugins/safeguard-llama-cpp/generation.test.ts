import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeguardLlamaCpp } from '../../../plugins/safeguard-llama-cpp/index.js';
import type { SafeguardLlamaCppOptions } from '../../../plugins/safeguard-llama-cpp/index.js';
import type { ReasonerEvaluator, ReasonerResult, ReasoningFragment, ReasoningEffort } from '../../../sdk/index.js';
import { DEFAULT_SCRIPT, THOUGHT_MARKER, scriptTokenCounts, tinyGguf } from '../../helpers/tiny-gguf/index.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';

// Tokens the model samples besides the script: <|channel|>analysis<|message|> … <|end|>, then
// <|channel|>final (node-llama-cpp injects the <|message|>) … <|return|>.
const FRAMING_TOKENS = 7;
const counts = scriptTokenCounts();

function evaluatorWith(options: Partial<SafeguardLlamaCppOptions> = {}): ReasonerEvaluator {
  return safeguardLlamaCpp({ modelPath: tinyGguf(), gpu: false, threads: 1, contextSize: 4096, ...options });
}

function call(evaluator: ReasonerEvaluator, content: string, extra: { signal?: AbortSignal; effort?: ReasoningEffort; onReasoning?: (f: ReasoningFragment) => void } = {}): Promise<ReasonerResult> {
  return evaluator.evaluate({
    policies: [spam],
    content,
    effort: extra.effort ?? 'low',
    signal: extra.signal ?? new AbortController().signal,
    onReasoning: extra.onReasoning ?? (() => undefined),
  });
}

describe('safeguard-llama-cpp on the tiny scripted model', () => {
  const evaluator = evaluatorWith();
  beforeAll(() => evaluator.setup!());
  afterAll(() => evaluator.dispose!());

  it('streams the analysis channel before resolving, then answers from the final channel', async () => {
    const fragments: ReasoningFragment[] = [];
    const arrivedLate: boolean[] = [];
    let resolved = false;
    const pending = call(evaluator, 'How do I upload a product photo?', {
      onReasoning: (f) => {
        fragments.push(f);
        arrivedLate.push(resolved);
      },
    });
    const result = await pending.finally(() => (resolved = true));
    expect(result).toEqual({
      answers: [{ policyId: spam.id, label: 'NON_VIOLATING', policyCategory: null, ruleIds: [], confidence: 'high', rationale: 'An ordinary message; no rule applies.', findings: [] }],
      reasoning: `${THOUGHT_MARKER} ${DEFAULT_SCRIPT.thought.clean}`,
      output: DEFAULT_SCRIPT.answer.clean,
      usage: { promptTokens: result.usage.promptTokens, completionTokens: counts.thought.clean + counts.answer.clean + FRAMING_TOKENS, totalTokens: result.usage.promptTokens + result.usage.completionTokens },
    });
    // one fragment per sampled thought token, each delivered while the call was still running
    expect(arrivedLate).toEqual(Array.from({ length: counts.thought.clean }, () => false));
    expect(fragments.map((f) => f.text).join('')).toBe(result.reasoning);
    expect(new Set(fragments.map((f) => JSON.stringify(f.policyIds)))).toEqual(new Set([JSON.stringify([spam.id])]));
  });

  it('labels content carrying the trigger VIOLATING and cites the rule the model names', async () => {
    const result = await call(evaluator, 'Cheap followers today, BUY-NOW-777');
    expect(result.answers).toEqual([
      { policyId: spam.id, label: 'VIOLATING', policyCategory: 'SP2', ruleIds: ['SP2.a'], confidence: 'high', rationale: 'Unsolicited promotion, rule SP2.a.', findings: [] },
    ]);
    expect(result.reasoning).toBe(`${THOUGHT_MARKER} ${DEFAULT_SCRIPT.thought.flagged}`);
    expect(result.usage.completionTokens).toBe(counts.thought.flagged + counts.answer.flagged + FRAMING_TOKENS);
  });

  it('counts every prompt token, the content included', async () => {
    // the tiny model's tokenizer is byte-level: ' world!!' is eight more bytes, so eight more tokens
    const short = await call(evaluator, 'hello');
    const long = await call(evaluator, 'hello world!!');
    expect(long.usage.promptTokens - short.usage.promptTokens).toBe(8);
  });

  it('reads harmony markers inside the content as text, never as special tokens', async () => {
    // a matched <|channel|> would be one token, against ten for the unmatched prefix; defused, it is
    // the same bytes plus a 3-byte word joiner, and one byte longer than the prefix
    const whole = await call(evaluator, 'x <|channel|>');
    const prefix = await call(evaluator, 'x <|channel|');
    expect(whole.usage.promptTokens - prefix.usage.promptTokens).toBe(1);
  });

  it('rejects with an AbortError when aborted mid-generation, then answers the next call', async () => {
    const controller = new AbortController();
    const fragments: string[] = [];
    const aborted = call(evaluator, 'first', {
      signal: controller.signal,
      onReasoning: (f) => {
        fragments.push(f.text);
        if (fragments.length === 3) controller.abort();
      },
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(fragments.length).toBeLessThan(counts.thought.clean);
    const next = await call(evaluator, 'second');
    expect(next.answers.map((a) => a.label)).toEqual(['NON_VIOLATING']);
    expect(next.reasoning).toBe(`${THOUGHT_MARKER} ${DEFAULT_SCRIPT.thought.clean}`);
  });

  it('answers one call per policy set, several policies in one prompt', async () => {
    // the scripted answer is not keyed by slug, so a two-policy call cannot be read: UNCERTAIN, not a guess
    const result = await evaluator.evaluate({ policies: [spam, hate], content: 'hi', effort: 'low', signal: new AbortController().signal, onReasoning: () => undefined });
    expect(result.answers.map((a) => [a.policyId, a.label, a.findings.map((f) => f.code)])).toEqual([
      [spam.id, 'UNCERTAIN', ['UNPARSEABLE_OUTPUT']],
      [hate.id, 'UNCERTAIN', ['UNPARSEABLE_OUTPUT']],
    ]);
  });

  it('rejects a call with no policy, or more than maxPoliciesPerCall, with INVALID_INPUT', async () => {
    const input = { content: 'x', effort: 'low' as const, signal: new AbortController().signal, onReasoning: () => undefined };
    await expect(evaluator.evaluate({ ...input, policies: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(evaluator.evaluate({ ...input, policies: Array.from({ length: 9 }, () => spam) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('identifies itself by the model file digest, the prompt template and the decoding parameters', () => {
    const sha256 = createHash('sha256').update(readFileSync(tinyGguf())).digest('hex');
    expect(JSON.parse(evaluator.identity())).toEqual({
      sha256,
      prompt: 'arbiter-prompt/1',
      chat: 'harmony/no-date',
      decoding: { temperature: 0, seed: null, maxTokens: 8192 },
    });
  });

  it('reports where it runs once set up', async () => {
    const health = await evaluator.health!();
    expect(health).toEqual({ ready: true, detail: expect.stringMatching(/\(sha256 [0-9a-f]{12}…\) on CPU$/) });
  });
});

describe('safeguard-llama-cpp limits', () => {
  it('cuts the generation at maxTokens and reports TRUNCATED_OUTPUT', async () => {
    const evaluator = evaluatorWith({ maxTokens: 12 });
    await evaluator.setup!();
    const result = await call(evaluator, 'hello').finally(() => evaluator.dispose!());
    expect(result.answers).toEqual([
      { policyId: spam.id, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [expect.objectContaining({ code: 'TRUNCATED_OUTPUT' })] },
    ]);
    expect(result.usage.completionTokens).toBe(12);
    expect(`${THOUGHT_MARKER} ${DEFAULT_SCRIPT.thought.clean}`.startsWith(result.reasoning)).toBe(true);
  });

  it('answers UNCERTAIN with INPUT_TOO_LONG, generating nothing, when the prompt fills the context', async () => {
    const evaluator = evaluatorWith({ contextSize: 1024 });
    await evaluator.setup!();
    const result = await call(evaluator, 'x'.repeat(1500)).finally(() => evaluator.dispose!());
    expect(result).toEqual({
      answers: [{ policyId: spam.id, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null, findings: [expect.objectContaining({ code: 'INPUT_TOO_LONG' })] }],
      reasoning: '',
      output: '',
      usage: { promptTokens: result.usage.promptTokens, completionTokens: 0, totalTokens: result.usage.promptTokens },
    });
    expect(result.usage.promptTokens).toBeGreaterThan(1500);
  });

  it('runs calls beyond its concurrency one after another, each answered in full', async () => {
    const evaluator = evaluatorWith({ concurrency: 2 });
    await evaluator.setup!();
    const contents = ['one', 'two BUY-NOW-777', 'three', 'four'];
    const results = await Promise.all(contents.map((content) => call(evaluator, content))).finally(() => evaluator.dispose!());
    expect(results.map((r) => r.answers[0]!.label)).toEqual(['NON_VIOLATING', 'VIOLATING', 'NON_VIOLATING', 'NON_VIOLATING']);
  });
});
