import { getSSEProcessor, type Plugin } from 'graphql-yoga';

const SSE = 'text/event-stream';

/**
 * Server-sent events (graphql-sse "distinct connections" mode, which yoga serves) with an `id:` on
 * every event whose root field has a `seq` (evaluationEvents), so a reconnecting EventSource sends
 * `Last-Event-ID` and resumes after it (see {@link lastEventId}). The single-connection mode of
 * graphql-sse (PUT reservations) is not served and not advertised.
 */
export function useSseEventIds(): Plugin {
  const process = getSSEProcessor();
  return {
    onResultProcess({ request, setResultProcessor }) {
      // Yoga picks SSE first whenever the client asks for it by name (graphql-sse, EventSource do).
      if (!request.headers.get('accept')?.includes(SSE)) return;
      setResultProcessor(async (result, fetchAPI, mediaType) => {
        const response = await process(result, fetchAPI, mediaType);
        if (!response.body) return response;
        return new fetchAPI.Response(response.body.pipeThrough(withEventIds(fetchAPI)), { status: response.status, headers: response.headers });
      }, SSE);
    },
  };
}

/** Adds `id: <seq>` to each `event: next` block; pings and `complete` pass through unchanged. */
function withEventIds(fetchAPI: { TextEncoder: typeof TextEncoder; TextDecoder: typeof TextDecoder; TransformStream: typeof TransformStream }) {
  const decoder = new fetchAPI.TextDecoder();
  const encoder = new fetchAPI.TextEncoder();
  let buffered = '';
  return new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) !== -1) {
        const block = buffered.slice(0, end + 2);
        buffered = buffered.slice(end + 2);
        controller.enqueue(encoder.encode(identify(block)));
      }
    },
    flush(controller) {
      if (buffered) controller.enqueue(encoder.encode(buffered));
    },
  });
}

function identify(block: string): string {
  const data = /^data: (.*)$/m.exec(block)?.[1];
  if (!block.startsWith('event: next\n') || !data) return block;
  try {
    const result = JSON.parse(data) as { data?: Record<string, { seq?: unknown } | null> };
    const seq = Object.values(result.data ?? {})[0]?.seq;
    return typeof seq === 'number' ? `id: ${seq}\n${block}` : block;
  } catch {
    return block;
  }
}

/** The `Last-Event-ID` an EventSource sends when it reconnects: the last seq it received, or null. */
export function lastEventId(request: Request): number | null {
  const value = request.headers.get('last-event-id');
  return value !== null && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : null;
}
