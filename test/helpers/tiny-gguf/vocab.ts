import { byteLevel, byteTokens } from './byte-level.js';

/** What the tiny model says; the `flagged` script is used when the trigger word is in the prompt. */
export interface TinyModelScript {
  readonly thought: { readonly clean: string; readonly flagged: string };
  readonly answer: { readonly clean: string; readonly flagged: string };
  /** A word (letters, digits, `-`) matched anywhere in the prompt, like gpt-oss's user-defined tokens. */
  readonly trigger: string;
}

/**
 * Every thought starts with this user-defined token. llama.cpp matches user-defined tokens in
 * plain text too, so it survives node-llama-cpp re-tokenizing the thought, and its presence tells
 * the model that the analysis channel is done.
 */
export const THOUGHT_MARKER = '∴';

const SPECIALS = [
  '<|startoftext|>', '<|endoftext|>', '<|start|>', '<|end|>', '<|message|>',
  '<|channel|>', '<|constrain|>', '<|return|>', '<|call|>',
] as const;

const NORMAL = 1;
const CONTROL = 3;
const USER_DEFINED = 4;

/** The vocabulary with the ids the weights refer to. */
export interface TinyVocab {
  readonly tokens: readonly string[];
  readonly types: readonly number[];
  readonly special: Readonly<Record<(typeof SPECIALS)[number], number>>;
  /** The prompt ends with `<|start|>assistant`, tokenized byte by byte: its last byte token. */
  readonly promptEnd: number;
  readonly trigger: number;
  readonly marker: number;
  readonly assistant: number;
  readonly analysis: number;
  readonly final: number;
  /** Thought pieces after the marker. */
  readonly thought: { readonly clean: readonly number[]; readonly flagged: readonly number[] };
  readonly answer: { readonly clean: readonly number[]; readonly flagged: readonly number[] };
}

/**
 * 256 byte tokens, the harmony special tokens, the user-defined trigger and marker, and one token per
 * scripted word. Scripted words get tokens of their own (never produced by tokenizing a prompt)
 * so that each one can have a single successor in the bigram table.
 */
export function buildVocab(script: TinyModelScript): TinyVocab {
  if (!/^[A-Za-z0-9-]{2,}$/.test(script.trigger)) throw new Error('the trigger must be a plain word');
  const tokens = byteTokens();
  const types: number[] = tokens.map(() => NORMAL);
  const add = (text: string, type: number): number => (tokens.push(text), types.push(type), tokens.length - 1);
  const special = Object.fromEntries(SPECIALS.map((s) => [s, add(s, CONTROL)])) as TinyVocab['special'];
  const trigger = add(script.trigger, USER_DEFINED);
  const marker = add(THOUGHT_MARKER, USER_DEFINED);
  const taken = new Set(tokens);
  const word = (text: string): number => (taken.add(byteLevel(text)), add(byteLevel(text), NORMAL));
  const [assistant, analysis, final] = [word('assistant'), word('analysis'), word('final')];
  const script_ = (text: string): number[] => splitPieces(text, taken).map((piece) => add(piece, NORMAL));
  return {
    tokens, types, special, trigger, marker, assistant: assistant!, analysis: analysis!, final: final!,
    promptEnd: tokens.indexOf(byteLevel('t')),
    thought: { clean: script_(` ${script.thought.clean}`), flagged: script_(` ${script.thought.flagged}`) },
    answer: { clean: script_(script.answer.clean), flagged: script_(script.answer.flagged) },
  };
}

/**
 * Splits text into word pieces (leading whitespace attached) whose vocab texts are all new;
 * a piece that would repeat one already in the vocab is glued to its neighbour.
 */
function splitPieces(text: string, taken: Set<string>): string[] {
  if (text.length === 0 || text !== text.trimEnd()) throw new Error('script text must be non-empty with no trailing space');
  const pieces: string[] = [];
  let pending = '';
  for (const word of text.match(/\s*\S+/g) ?? []) {
    pending += byteLevel(word);
    if (taken.has(pending) || pending.length < 2) continue;
    pieces.push(pending);
    taken.add(pending);
    pending = '';
  }
  if (pending !== '') {
    const last = `${pieces.pop() ?? ''}${pending}`;
    if (taken.has(last)) throw new Error(`cannot give "${text}" unique tokens`);
    pieces.push(last);
    taken.add(last);
  }
  return pieces;
}
