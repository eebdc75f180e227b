import { createArbiterClient } from 'arbiter/client';
import WebSocket from 'ws';

// A token function is called for every request and every stream connection: return a fresh token
// and the client carries on after the server closes a socket whose token expired.
const arbiter = createArbiterClient({
  url: 'http://localhost:4000/graphql',
  token: async () => (await fetch('https://auth.example/token')).text(),
  transport: 'ws', // or 'sse' (the default: fetch only, no WebSocket needed)
  webSocketImpl: WebSocket, // Node 20 has no global WebSocket; browsers and Node 22+ do
});

const { id } = await arbiter.evaluate({ content: 'Is this spam?', policies: ['spam'], effort: 'HIGH' });
for await (const event of arbiter.evaluationEvents(id)) {
  if (event.__typename === 'ReasoningDelta') process.stdout.write(event.text);
  if (event.__typename === 'VerdictReached') console.log(`\n${event.verdict.stage}: ${event.verdict.label}`);
  if (event.__typename === 'EvaluationFinished') console.log(`finished ${event.evaluation.status} after ${event.seq} events`);
}
