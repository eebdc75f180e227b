// GPU decode speed of node-llama-cpp on a gpt-oss-20b-shaped GGUF, beside the memory-bandwidth bound.
//
// Self-contained: writes a `gpt-oss` architecture GGUF with random weights (MXFP4 experts, Q8_0
// attention and embeddings, as published) to a scratch folder, loads it with gpu: 'cuda', and
// measures prefill and greedy decode straight on a context sequence, then one safeguard-llama-cpp
// evaluate() (random weights: the answer is noise and comes back UNCERTAIN; only its speed counts).
// Decoding one token reads every dense weight plus the active experts once, so
// bound = memory bandwidth / weight bytes per token (KV-cache reads at this context are negligible).
//
// Run on the GPU machine:  npx tsx bench/gpu/llama-cpp-gpu.ts [--bandwidth-gbs 3350]
// CPU check of the script: npx tsx bench/gpu/llama-cpp-gpu.ts --shape tiny --gpu false --threads 1
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel, type LlamaContextSequence, type Token } from 'node-llama-cpp';
import { safeguardLlamaCpp } from '../../plugins/safeguard-llama-cpp/index.js';
import { SHAPES, bytesPerToken, fileBytes, writeGptOssGguf } from './gpt-oss-gguf.js';

const DEADLINE_MS = 225_000; // the whole run stays under 4 minutes
const { values: args } = parseArgs({
  options: {
    shape: { type: 'string', default: '20b' },
    gpu: { type: 'string', default: 'cuda' },
    'bandwidth-gbs': { type: 'string' },
    tokens: { type: 'string', default: '256' },
    'plugin-tokens': { type: 'string', default: '128' },
    prompt: { type: 'string', default: '1024' },
    dir: { type: 'string', default: join(tmpdir(), 'arbiter-gpu-bench') },
    // CPU runs only: a busy 2-core machine crawls with llama.cpp's default (all cores, spinning)
    threads: { type: 'string' },
    // keep the written model for the next run (12 GB for 20b); it is reused when its size matches
    keep: { type: 'boolean', default: false },
  },
});
const shape = SHAPES[args.shape];
if (!shape) throw new Error(`--shape must be one of ${Object.keys(SHAPES).join(', ')}`);
const gpu = args.gpu === 'false' ? false : (args.gpu as 'cuda' | 'vulkan' | 'auto');
const threads = args.threads ? { threads: Number(args.threads) } : {};
const rows: Array<[string, string]> = [];
const started = performance.now();
const seconds = (from: number): number => (performance.now() - from) / 1000;

// Known HBM/GDDR bandwidths, GB/s, by the name nvidia-smi reports (most specific first).
const BANDWIDTH: ReadonlyArray<readonly [RegExp, number, string]> = [
  [/H200/, 4800, 'H200'], [/H100 NVL/, 3900, 'H100 NVL'], [/H100 PCIe/, 2000, 'H100 PCIe'], [/H100/, 3350, 'H100 SXM'],
  [/A100.*80GB.*PCIe|A100-PCIE-80GB/i, 1935, 'A100 80GB PCIe'], [/A100.*80GB|A100-SXM4-80GB/i, 2039, 'A100 80GB SXM'],
  [/A100/, 1555, 'A100 40GB'], [/L40S/, 864, 'L40S'], [/\bL4\b/, 300, 'L4'], [/A10G?\b/, 600, 'A10'], [/RTX 4090/, 1008, 'RTX 4090'],
];

function gpuName(): string | undefined {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8' }).split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

function bandwidthGbs(name: string | undefined): { gbs: number; source: string } | undefined {
  if (args['bandwidth-gbs']) return { gbs: Number(args['bandwidth-gbs']), source: '--bandwidth-gbs' };
  const known = name ? BANDWIDTH.find(([pattern]) => pattern.test(name)) : undefined;
  return known ? { gbs: known[1], source: `nvidia-smi name → ${known[2]} spec` } : undefined;
}

async function decode(sequence: LlamaContextSequence, first: Token, count: number): Promise<{ tokens: number; seconds: number }> {
  const warmUp = 8; // the first tokens pay for graph building and CUDA graph capture
  let produced = 0;
  let from = performance.now();
  for await (const token of sequence.evaluate([first], { temperature: 0, yieldEogToken: true })) {
    void token;
    produced += 1;
    if (produced === warmUp) from = performance.now();
    if (produced >= count + warmUp || performance.now() - started > DEADLINE_MS - 60_000) break;
  }
  return { tokens: produced - warmUp, seconds: seconds(from) };
}

async function rawSpeed(modelPath: string, bound: number | undefined): Promise<void> {
  const llama = await getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error });
  const devices = llama.gpu === false ? [] : await llama.getGpuDeviceNames();
  let t = performance.now();
  const model = await llama.loadModel({ modelPath });
  rows.push(['backend', `${llama.gpu === false ? 'CPU' : `${llama.gpu} (${devices.join(', ')})`}, ${model.gpuLayers}/${model.fileInsights.totalLayers} layers on GPU`]);
  rows.push(['model load', `${seconds(t).toFixed(1)} s`]);
  const context = await model.createContext({ contextSize: 4096, ...threads });
  const sequence = context.getSequence();
  const prompt = model.tokenize('moderation policy text '.repeat(1000)).slice(0, Number(args.prompt));
  t = performance.now();
  await sequence.evaluateWithoutGeneratingNewTokens(prompt);
  rows.push(['prefill', `${(prompt.length / seconds(t)).toFixed(0)} tok/s (${prompt.length} tokens, one call)`]);
  const { tokens, seconds: s } = await decode(sequence, prompt.at(-1)!, Number(args.tokens));
  const measured = tokens / s;
  rows.push(['greedy decode (sequence.evaluate)', `${measured.toFixed(1)} tok/s (${tokens} tokens)${bound ? `, ${((100 * measured) / bound).toFixed(0)}% of the bound` : ''}`]);
  await llama.dispose();
}

async function pluginSpeed(modelPath: string): Promise<void> {
  const maxTokens = Number(args['plugin-tokens']);
  const evaluator = safeguardLlamaCpp({ modelPath, gpu, maxTokens, contextSize: 4096, ...threads });
  let t = performance.now();
  await evaluator.setup!();
  rows.push(['plugin setup (load + sha256 of the file)', `${seconds(t).toFixed(1)} s; ${(await evaluator.health!()).detail}`]);
  const policy = { id: 'p1', slug: 'spam', version: 1, text: '# Spam\n- **SP2.a** Cold promotion violates.', rules: [], triage: { match: [], onMatch: 'escalate' as const } };
  t = performance.now();
  const result = await evaluator.evaluate({ policies: [policy], content: 'Buy followers now', effort: 'low', signal: new AbortController().signal, onReasoning: () => undefined });
  const wall = seconds(t);
  rows.push([`plugin evaluate (prompt + ≤${maxTokens} tokens)`, `${(result.usage.completionTokens / wall).toFixed(1)} completion tok/s over the call (${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion tokens, ${wall.toFixed(2)} s, label ${result.answers[0]!.label})`]);
  await evaluator.dispose!();
}

async function main(): Promise<void> {
  mkdirSync(args.dir, { recursive: true });
  const modelPath = join(args.dir, `gpt-oss-${args.shape}-random.gguf`);
  const cleanUp = (): void => void (args.keep || rmSync(modelPath, { force: true }));
  const watchdog = setTimeout(() => {
    print('stopped at the 4-minute deadline');
    cleanUp();
    process.exit(2);
  }, DEADLINE_MS);
  const name = gpuName();
  const bandwidth = bandwidthGbs(name);
  const perToken = bytesPerToken(shape!);
  const bound = bandwidth ? (bandwidth.gbs * 1e9) / perToken : undefined;
  rows.push(['GPU (nvidia-smi)', name ?? 'none found']);
  rows.push(['shape', `${shape!.name}: ${shape!.layers} layers, n_embd ${shape!.embd}, ${shape!.experts} experts (${shape!.expertsUsed} active), vocab ${shape!.vocab}`]);
  rows.push(['weight bytes read per decoded token', megabytes(perToken)]);
  rows.push(['memory bandwidth', bandwidth ? `${bandwidth.gbs} GB/s (${bandwidth.source})` : 'unknown: pass --bandwidth-gbs']);
  rows.push(['bandwidth bound', bound ? `${bound.toFixed(0)} tok/s` : 'n/a']);
  const t = performance.now();
  if (existsSync(modelPath) && statSync(modelPath).size >= fileBytes(shape!)) rows.push(['model file', `${megabytes(statSync(modelPath).size)}, kept from an earlier run`]);
  else rows.push(['model file', `${megabytes(writeGptOssGguf(modelPath, shape!))} of tensors written in ${seconds(t).toFixed(1)} s`]);
  try {
    await rawSpeed(modelPath, bound);
    await pluginSpeed(modelPath);
  } finally {
    cleanUp();
    clearTimeout(watchdog);
  }
  print(`total ${seconds(started).toFixed(0)} s`);
}

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(2)} MB`;
}

function print(footer: string): void {
  console.log(`## node-llama-cpp decode speed vs memory-bandwidth bound (${args.shape}, gpu: ${String(gpu)})\n`);
  console.log('| figure | value |\n|---|---|');
  for (const [figure, value] of rows) console.log(`| ${figure} | ${value} |`);
  console.log(`\n${footer}`);
}

await main();
