// In-process generation speed of the safeguard-llama-cpp plugin on the tiny scripted GGUF (CPU).
//
// The tiny model (one layer, n_embd 64-96, ~330-token vocab) costs next to nothing per token, so
// these figures are node-llama-cpp + llama.cpp per-token overhead, not model arithmetic:
// - setup: llama.cpp binary + model load + file sha256;
// - cold / warm: whole evaluate() calls (harmony prompt, analysis segment streamed, final parsed);
//   warm calls share the policy prefix, which the reused sequence keeps in its KV cache;
// - concurrency 2: two sequences of one context, calls batched together;
// - raw decode / prefill: LlamaContextSequence.evaluate on its own, no chat wrapper.
// Run: npx tsx bench/llama-cpp.ts [threads]   (default 1: the CI machine has 2 shared cores)
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { safeguardLlamaCpp } from '../plugins/safeguard-llama-cpp/index.js';
import type { ReasonerEvaluator, ReasonerResult } from '../sdk/index.js';
import { tinyGguf } from '../test/helpers/tiny-gguf/index.js';
import { spam } from '../test/sdk/reasoning/fixtures.js';

const THREADS = Number(process.argv[2] ?? 1);
const WARM_CALLS = 20;
const DECODE_TOKENS = 1024;
const CONTENTS = ['How do I upload a product photo?', 'Cheap followers today, BUY-NOW-777', 'Is the store open on Sunday?'];

interface Row {
  readonly scenario: string;
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly msPerCall: number;
  readonly tokensPerSecond: number;
}

const now = (): number => performance.now();
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function call(evaluator: ReasonerEvaluator, content: string): Promise<ReasonerResult> {
  return evaluator.evaluate({ policies: [spam], content, effort: 'low', signal: new AbortController().signal, onReasoning: () => undefined });
}

async function timedCalls(evaluator: ReasonerEvaluator, scenario: string, count: number, parallel: number): Promise<Row> {
  const walls: number[] = [];
  const results: ReasonerResult[] = [];
  const started = now();
  for (let done = 0; done < count; done += parallel) {
    const batchStart = now();
    const batch = Array.from({ length: Math.min(parallel, count - done) }, (_, i) => call(evaluator, CONTENTS[(done + i) % CONTENTS.length]!));
    results.push(...(await Promise.all(batch)));
    walls.push(now() - batchStart);
  }
  const total = now() - started;
  const completion = results.reduce((sum, r) => sum + r.usage.completionTokens, 0);
  return {
    scenario,
    calls: count,
    promptTokens: Math.round(results.reduce((sum, r) => sum + r.usage.promptTokens, 0) / count),
    completionTokens: Math.round(completion / count),
    msPerCall: median(walls) / parallel,
    tokensPerSecond: completion / (total / 1000),
  };
}

async function pluginRows(): Promise<{ setupMs: number; rows: Row[] }> {
  const modelPath = tinyGguf();
  const single = safeguardLlamaCpp({ modelPath, gpu: false, threads: THREADS, contextSize: 4096 });
  const setupStart = now();
  await single.setup!();
  const setupMs = now() - setupStart;
  const rows = [await timedCalls(single, 'evaluate, cold (first call)', 1, 1), await timedCalls(single, 'evaluate, warm (shared policy prefix)', WARM_CALLS, 1)];
  await single.dispose!();
  const pair = safeguardLlamaCpp({ modelPath, gpu: false, threads: THREADS, contextSize: 4096, concurrency: 2 });
  await pair.setup!();
  await timedCalls(pair, 'warm-up', 2, 2);
  rows.push(await timedCalls(pair, 'evaluate, concurrency 2', WARM_CALLS, 2));
  await pair.dispose!();
  return { setupMs, rows };
}

/** Greedy decode and one prefill straight on a sequence: the floor under the plugin's figures. */
async function rawRows(): Promise<Row[]> {
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: tinyGguf() });
  const context = await model.createContext({ contextSize: 4096, threads: THREADS });
  const sequence = context.getSequence();
  const prompt = model.tokenize('<|start|>user<|message|>' + 'policy text '.repeat(160) + '<|end|><|start|>assistant', true);
  let started = now();
  await sequence.evaluateWithoutGeneratingNewTokens(prompt);
  const prefillMs = now() - started;
  let produced = 0;
  started = now();
  // past the script's <|return|> the model keeps predicting (token 0): same work per token
  for await (const token of sequence.evaluate([prompt.at(-1)!], { temperature: 0, yieldEogToken: true })) {
    void token;
    if (++produced >= DECODE_TOKENS) break;
  }
  const decodeMs = now() - started;
  await llama.dispose();
  return [
    { scenario: 'raw prefill (one batch)', calls: 1, promptTokens: prompt.length, completionTokens: 0, msPerCall: prefillMs, tokensPerSecond: prompt.length / (prefillMs / 1000) },
    { scenario: 'raw greedy decode', calls: 1, promptTokens: prompt.length, completionTokens: produced, msPerCall: decodeMs, tokensPerSecond: produced / (decodeMs / 1000) },
  ];
}

const { setupMs, rows } = await pluginRows();
rows.push(...(await rawRows()));
console.log(`## safeguard-llama-cpp on the tiny GGUF (CPU, ${THREADS} thread${THREADS === 1 ? '' : 's'})\n`);
console.log(`setup (llama.cpp + model load + sha256): ${setupMs.toFixed(0)} ms\n`);
console.log('| scenario | calls | prompt tokens | completion tokens | ms per call (median) | completion tokens/s |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const tps = r.completionTokens === 0 ? `${r.tokensPerSecond.toFixed(0)} (prompt)` : r.tokensPerSecond.toFixed(0);
  console.log(`| ${r.scenario} | ${r.calls} | ${r.promptTokens} | ${r.completionTokens} | ${r.msPerCall.toFixed(1)} | ${tps} |`);
}
