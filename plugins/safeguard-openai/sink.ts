import type { TokenUsage } from '../../sdk/index.js';

/** Where a protocol reader puts what it decodes. */
export interface StreamSink {
  /** Chain of thought, already separated by the server (`reasoning`, `thinking` fields). */
  reasoning(text: string): void;
  /** Content text; may still carry leaked harmony markers. */
  content(text: string): void;
  usage(usage: TokenUsage): void;
  finish(reason: string): void;
}

/** How a protocol reader's stream ended. */
export interface StreamEnd {
  /** The protocol's own end marker (`[DONE]`, `done: true`) or a finish reason was read. */
  readonly complete: boolean;
  /** The connection broke before the stream ended. */
  readonly cut: boolean;
}
