/** Text separated by a {@link HarmonySplitter}: chain of thought and answer. */
export interface HarmonyParts {
  readonly reasoning: string;
  readonly final: string;
}

/** Incremental separator of harmony text into reasoning and final parts. */
export interface HarmonySplitter {
  /** Feeds the next piece of model text; returns what can already be attributed. */
  push(text: string): HarmonyParts;
  /** Flushes the few characters held back in case they began a marker. */
  end(): HarmonyParts;
}

type Mode = 'start' | 'body' | 'header' | 'stripped';
type Channel = 'reasoning' | 'final';

const TOKENS = ['<|start|>', '<|channel|>', '<|message|>', '<|end|>', '<|return|>', '<|call|>', '<|constrain|>'];
const TOKEN_HOLD = Math.max(...TOKENS.map((token) => token.length)) - 1;
const STRIPPED_FINAL = 'assistantfinal';
// The stripped form (special tokens removed) is only recognisable by how the text begins.
const STRIPPED_OPENINGS: readonly (readonly [string, Channel])[] = [
  ['analysis', 'reasoning'],
  ['assistantanalysis', 'reasoning'],
  ['assistantfinal', 'final'],
];

/**
 * Creates a streaming splitter for harmony output that leaked into a server's content field:
 * raw (`<|channel|>analysis<|message|>…<|end|><|start|>assistant<|channel|>final<|message|>…`)
 * or stripped of its special tokens (`analysis…assistantfinal…`). Plain text with no markers is
 * final text. Text is attributed as it arrives; only a tail that could still become a marker
 * (at most a dozen characters) is held back until the next push or `end()`.
 */
export function createHarmonySplitter(): HarmonySplitter {
  let mode: Mode = 'start';
  let channel: Channel = 'final';
  let pending = '';
  let header = '';
  return {
    push(text) {
      pending += text;
      const out: Out = { reasoning: '', final: '' };
      while (pending.length > 0 && step(out)) {
        // each step consumes a marker or the attributable text
      }
      return out;
    },
    end() {
      const out: Out = { reasoning: '', final: '' };
      if (mode !== 'header') out[channel] += pending;
      pending = '';
      header = '';
      return out;
    },
  };

  /** Consumes what it can from `pending`; false when the rest must wait for more text. */
  function step(out: Out): boolean {
    if (mode === 'start') return detect();
    const markers = mode === 'stripped' ? [STRIPPED_FINAL] : TOKENS;
    const hit = firstMarker(pending, markers);
    if (!hit) {
      const keep = heldBack(pending, markers);
      emit(out, pending.slice(0, pending.length - keep));
      pending = pending.slice(pending.length - keep);
      return false;
    }
    emit(out, pending.slice(0, hit.index));
    pending = pending.slice(hit.index + hit.marker.length);
    onMarker(hit.marker);
    return true;
  }

  function detect(): boolean {
    const trimmed = pending.trimStart();
    if (trimmed.startsWith('<|')) return (mode = 'body'), true;
    for (const [opening, target] of STRIPPED_OPENINGS) {
      if (trimmed.startsWith(opening)) {
        pending = trimmed.slice(opening.length);
        channel = target;
        mode = target === 'reasoning' ? 'stripped' : 'body';
        return true;
      }
    }
    const undecided = trimmed.length === 0 || [...STRIPPED_OPENINGS.map(([o]) => o), '<|'].some((o) => o.startsWith(trimmed));
    if (undecided) return false;
    mode = 'body';
    return true;
  }

  function emit(out: Out, text: string): void {
    if (mode === 'header') header += text;
    else out[channel] += text;
  }

  function onMarker(marker: string): void {
    if (mode === 'stripped') {
      channel = 'final';
      mode = 'body';
    } else if (marker === '<|start|>' || marker === '<|channel|>') {
      // the channel name is the first word after <|channel|>; a role alone means final
      header = '';
      mode = 'header';
    } else if (marker === '<|message|>') {
      // commentary (preambles, tool calls) is not an answer: keep it with the chain of thought
      const name = header.trim().split(/\s/)[0];
      channel = name === 'analysis' || name === 'commentary' ? 'reasoning' : 'final';
      mode = 'body';
    } else if (marker !== '<|constrain|>') {
      channel = 'final';
      mode = 'body';
    }
  }
}

type Out = { reasoning: string; final: string };

function firstMarker(text: string, markers: readonly string[]): { index: number; marker: string } | undefined {
  if (markers === TOKENS && !text.includes('<|')) return undefined; // the common case, kept cheap
  let best: { index: number; marker: string } | undefined;
  for (const marker of markers) {
    const index = text.indexOf(marker);
    if (index >= 0 && (!best || index < best.index)) best = { index, marker };
  }
  return best;
}

/** Length of the longest tail of `text` that is a proper prefix of some marker. */
function heldBack(text: string, markers: readonly string[]): number {
  const longest = markers === TOKENS ? TOKEN_HOLD : STRIPPED_FINAL.length - 1;
  for (let start = Math.max(0, text.length - longest); start < text.length; start += 1) {
    if (!markers.some((marker) => marker.charCodeAt(0) === text.charCodeAt(start))) continue;
    const tail = text.slice(start);
    if (markers.some((marker) => marker.startsWith(tail))) return text.length - start;
  }
  return 0;
}
