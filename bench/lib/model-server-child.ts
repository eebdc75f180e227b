// A model-server double in its own process (so its CPU is not counted as Arbiter's): answers every
// chat request after MODEL_DELAY_MS, in a vLLM-shaped stream, and prints its URL on stdout.
import { answerJson, startModelServer } from '../../test/helpers/model-servers/index.js';

const delay = Number(process.env.MODEL_DELAY_MS ?? 50);
const CHUNKS = 5;
const server = await startModelServer({
  flavour: 'vllm', model: 'bench-model',
  // Five reasoning deltas paced over the delay, then the answer: ~MODEL_DELAY_MS per request.
  script: (request) => {
    const user = request.body.messages?.find((m) => m.role === 'user')?.content ?? '';
    const spam = /sale|win|free/i.test(user);
    return {
      reasoning: 'Reading the content. Checking each rule. Deciding. ', chunkSize: 11, delayMs: delay / CHUNKS,
      final: answerJson(spam ? { violation: 1, policy_category: 'PT1', rule_ids: ['PT1.a'], confidence: 'high', rationale: 'An animal is offered for money.' } : { violation: 0, confidence: 'high', rationale: 'Nothing is offered.' }),
      usage: { promptTokens: 500, completionTokens: 60 },
    };
  },
});
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
