import type { ChatHistoryItem, LlamaChatResponseChunk, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { abortError } from '../../sdk/index.js';
import type { EvaluatorPolicy, ReasoningEffort, TokenUsage } from '../../sdk/index.js';
import { buildSystemPrompt, buildUserPrompt, createHarmonySplitter } from '../../sdk/reasoning/index.js';
import { llamaCppError } from './errors.js';
import { loadNodeLlamaCpp } from './library.js';
import type { ResolvedOptions } from './options.js';

/** Arguments of {@link generate}. */
export interface GenerateInput {
  readonly model: LlamaModel;
  readonly sequence: LlamaContextSequence;
  readonly decoding: ResolvedOptions['decoding'];
  readonly policies: readonly EvaluatorPolicy[];
  readonly content: string;
  readonly effort: ReasoningEffort;
  readonly signal: AbortSignal;
  readonly onReasoning: (text: string) => void;
}

/** What one generation produced. */
export interface Generation {
  readonly reasoning: string;
  readonly output: string;
  /** Stopped by `maxTokens` (or the context's end) before the model finished. */
  readonly truncated: boolean;
  /** The prompt alone fills the context: nothing was generated. */
  readonly inputTooLong: boolean;
  readonly usage: TokenUsage;
}

// Room the chat wrapper's re-render after the analysis message takes beyond the counted prompt.
const RENDER_SLACK = 32;

/**
 * Runs one harmony conversation (policies as the developer message, content as the user message)
 * on a borrowed sequence. The sequence keeps its tokens between calls, so a prompt that starts
 * like the previous one (same policies) re-evaluates only what differs.
 */
export async function generate(input: GenerateInput): Promise<Generation> {
  const { HarmonyChatWrapper, LlamaChat } = await loadNodeLlamaCpp();
  // No date in the system message: the same input renders the same prompt on any day.
  const chatWrapper = new HarmonyChatWrapper({ reasoningEffort: input.effort, todayDate: null });
  const history: ChatHistoryItem[] = [
    { type: 'system', text: buildSystemPrompt(input.policies) },
    { type: 'user', text: buildUserPrompt(input.content) },
    { type: 'model', response: [] },
  ];
  const promptTokens = chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(input.model.tokenizer).length;
  const room = input.sequence.contextSize - promptTokens - RENDER_SLACK;
  if (room < 1) return { reasoning: '', output: '', truncated: false, inputTooLong: true, usage: usage(promptTokens, 0) };
  const collector = createCollector(input.onReasoning);
  const chat = new LlamaChat({ contextSequence: input.sequence, chatWrapper });
  const before = input.sequence.tokenMeter.getState();
  try {
    const response = await chat.generateResponse(history, {
      signal: input.signal,
      maxTokens: Math.min(input.decoding.maxTokens, room),
      temperature: input.decoding.temperature,
      ...(input.decoding.seed === null ? {} : { seed: input.decoding.seed }),
      onResponseChunk: collector.push,
    });
    const completionTokens = input.sequence.tokenMeter.diff(before).usedOutputTokens;
    const truncated = response.metadata.stopReason === 'maxTokens';
    return { ...collector.end(), truncated, inputTooLong: false, usage: usage(promptTokens, completionTokens) };
  } catch (error) {
    if (input.signal.aborted) throw abortError(input.signal);
    throw llamaCppError('GENERATION_FAILED', `llama.cpp generation failed: ${(error as Error).message}`, { retryable: true, cause: error });
  } finally {
    chat.dispose({ disposeSequence: false });
  }
}

/**
 * Routes chunks as they arrive: analysis and commentary segments are chain of thought; main-text
 * chunks go through the harmony splitter in case a model writes raw channel markers there.
 */
function createCollector(onReasoning: (text: string) => void) {
  const splitter = createHarmonySplitter();
  let reasoning = '';
  let output = '';
  const think = (text: string): void => {
    if (text === '') return;
    reasoning += text;
    onReasoning(text);
  };
  const take = (parts: { reasoning: string; final: string }): void => {
    think(parts.reasoning);
    output += parts.final;
  };
  return {
    push(chunk: LlamaChatResponseChunk): void {
      if (chunk.type === 'segment') think(chunk.text);
      else take(splitter.push(chunk.text));
    },
    end(): { reasoning: string; output: string } {
      take(splitter.end());
      return { reasoning, output };
    },
  };
}

function usage(promptTokens: number, completionTokens: number): TokenUsage {
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
