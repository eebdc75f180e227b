// The bare client of the saturation benchmark: `streams` loops, each POSTing the chat request and
// reading the SSE stream to its end (every delta parsed), round-robin over the replicas.
export interface BareLoad {
  /** Completed streams so far. */
  completed(): number;
  /** Calls that failed (connection errors), retried by the loop. */
  failed(): number;
  deltas(): number;
  stop(): Promise<void>;
}

const BODY = JSON.stringify({
  model: 'openai/gpt-oss-safeguard-20b', stream: true, stream_options: { include_usage: true }, reasoning_effort: 'low',
  messages: [{ role: 'system', content: 'policy text' }, { role: 'user', content: 'Is a parrot a good first pet?' }],
});

export function startBareLoad(urls: readonly string[], streams: number): BareLoad {
  let running = true;
  let completed = 0;
  let deltas = 0;
  let failed = 0;
  const loop = async (index: number): Promise<void> => {
    const url = `${urls[index % urls.length]}/chat/completions`;
    while (running) {
      await stream(url).then(() => void (completed += 1), () => void (failed += 1));
    }
  };
  const stream = async (url: string): Promise<void> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    const decoder = new TextDecoder();
    let rest = '';
    for await (const chunk of response.body!) {
      const events = (rest + decoder.decode(chunk, { stream: true })).split('\n\n');
      rest = events.pop()!;
      for (const event of events) {
        const data = event.slice(event.indexOf('data: ') + 6);
        if (data === '[DONE]') continue;
        const delta = (JSON.parse(data) as { choices?: { delta?: { reasoning?: string } }[] }).choices?.[0]?.delta;
        if (delta?.reasoning) deltas += 1;
      }
    }
  };
  const loops = Array.from({ length: streams }, (_, i) => loop(i));
  return { completed: () => completed, failed: () => failed, deltas: () => deltas, stop: async () => void ((running = false), await Promise.all(loops)) };
}
