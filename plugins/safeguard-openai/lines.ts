/**
 * Splits a byte stream into text lines as chunks arrive (`\n` or `\r\n`), calling `onLine` for
 * each complete line. Resolves with `true` when the stream ended cleanly and `false` when the
 * connection broke mid-stream; rejects when `signal` aborted the read or `onLine` threw.
 */
export async function readLines(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onLine: (line: string) => boolean | void,
): Promise<boolean> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
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
      const text = rest + decoder.decode(chunk.value, { stream: true });
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
        start = end + 1;
        // `true` means the protocol's end marker was read: stop without waiting for the close
        if (onLine(line) === true) return true;
      }
      rest = text.slice(start);
    }
    const last = rest + decoder.decode();
    if (last.length > 0) onLine(last);
    return true;
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
