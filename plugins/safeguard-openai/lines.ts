/**
 * Decodes a byte stream as UTF-8 text, calling `onText` with each piece as it arrives (and with
 * `null` once the stream ended cleanly, so line splitters can flush). Resolves with `true` when
 * the stream ended or `onText` returned `true` (the protocol's end marker was read), and `false`
 * when the connection broke mid-stream; rejects when `signal` aborted the read or `onText` threw.
 */
export async function readText(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onText: (text: string | null) => boolean | void,
): Promise<boolean> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal.aborted) throw error;
        return false; // the server closed or reset the connection mid-stream
      }
      if (chunk.done) break;
      if (onText(decoder.decode(chunk.value, { stream: true })) === true) return true;
    }
    const last = decoder.decode();
    if (last.length > 0) onText(last);
    onText(null);
    return true;
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** Like {@link readText}, one line at a time (`\n` or `\r\n`); a last unterminated line counts. */
export function readLines(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onLine: (line: string) => boolean | void,
): Promise<boolean> {
  let rest = '';
  return readText(body, signal, (piece) => {
    if (piece === null) return rest.length > 0 ? onLine(rest) : undefined;
    const text = rest + piece;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      if (onLine(line) === true) return true;
    }
    rest = text.slice(start);
    return undefined;
  });
}
