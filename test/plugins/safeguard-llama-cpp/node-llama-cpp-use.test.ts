import type { ChatWrapperGenerateContextStateOptions, LlamaOptions } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeguardLlamaCpp } from '../../../plugins/safeguard-llama-cpp/index.js';
import type { ReasoningEffort } from '../../../sdk/index.js';
import { tinyGguf } from '../../helpers/tiny-gguf/index.js';
import { spam } from '../../sdk/reasoning/fixtures.js';

// The real node-llama-cpp, observed: which efforts reach HarmonyChatWrapper (and the system
// message it renders), and how often models and contexts are created.
const seen = vi.hoisted(() => ({ efforts: [] as unknown[], renderedEffortLines: [] as string[], loadModel: 0, createContext: 0 }));

vi.mock('node-llama-cpp', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node-llama-cpp')>();
  class HarmonyChatWrapper extends actual.HarmonyChatWrapper {
    constructor(options?: ConstructorParameters<typeof actual.HarmonyChatWrapper>[0]) {
      super(options);
      seen.efforts.push(options?.reasoningEffort);
    }
    override generateContextState(options: ChatWrapperGenerateContextStateOptions) {
      const state = super.generateContextState(options);
      seen.renderedEffortLines.push(...(state.contextText.toString().match(/Reasoning: \w+/g) ?? []));
      return state;
    }
  }
  const getLlama = async (options?: LlamaOptions) => {
    const llama = await actual.getLlama(options);
    const loadModel = llama.loadModel.bind(llama);
    llama.loadModel = async (options) => {
      seen.loadModel += 1;
      const model = await loadModel(options);
      const createContext = model.createContext.bind(model);
      model.createContext = (contextOptions) => {
        seen.createContext += 1;
        return createContext(contextOptions);
      };
      return model;
    };
    return llama;
  };
  return { ...actual, HarmonyChatWrapper, getLlama };
});

describe('safeguard-llama-cpp use of node-llama-cpp', () => {
  const evaluator = safeguardLlamaCpp({ modelPath: tinyGguf(), gpu: false, threads: 1, contextSize: 4096 });
  beforeAll(() => evaluator.setup!());
  afterAll(() => evaluator.dispose!());

  const evaluate = (effort: ReasoningEffort) =>
    evaluator.evaluate({ policies: [spam], content: 'hello', effort, signal: new AbortController().signal, onReasoning: () => undefined });

  it('sets the requested effort on HarmonyChatWrapper, which writes it into the system message', async () => {
    seen.efforts.length = 0;
    seen.renderedEffortLines.length = 0;
    for (const effort of ['low', 'high', 'medium'] as const) await evaluate(effort);
    expect(seen.efforts).toEqual(['low', 'high', 'medium']);
    // rendered once to count the prompt and again by LlamaChat (plus re-renders after the analysis message)
    expect([...new Set(seen.renderedEffortLines)].sort()).toEqual(['Reasoning: high', 'Reasoning: low', 'Reasoning: medium']);
  });

  it('loads the model and creates its context once, however many calls follow', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await evaluate('low'));
    expect(results.map((r) => r.answers[0]!.label)).toEqual(Array.from({ length: 5 }, () => 'NON_VIOLATING'));
    expect({ loadModel: seen.loadModel, createContext: seen.createContext }).toEqual({ loadModel: 1, createContext: 1 });
  });

  it('loads once when setup is called twice at the same time', async () => {
    const before = seen.loadModel;
    const second = safeguardLlamaCpp({ modelPath: tinyGguf(), gpu: false, threads: 1, contextSize: 2048 });
    await Promise.all([second.setup!(), second.setup!()]);
    await second.dispose!();
    expect(seen.loadModel - before).toBe(1);
  });
});
