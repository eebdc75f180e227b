import { safeguardOpenAI } from '../../../plugins/safeguard-openai/index.js';
import { describeEvaluatorContract } from '../../helpers/evaluator-contract.js';
import { DEFAULT_FINAL, MODEL_SERVER_FLAVOURS, promptOf, startModelServer } from '../../helpers/model-servers/index.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';
import { closedPortUrl } from './helpers.js';

for (const flavour of MODEL_SERVER_FLAVOURS) {
  describeEvaluatorContract(`safeguard-openai (${flavour})`, async () => {
    // a small pause between deltas keeps the call in flight when the contract aborts it mid-way
    const server = await startModelServer({
      flavour,
      script: (request) => {
        // a multi-policy prompt gets the object keyed by slug it asks for
        const multi = promptOf(request.body).system.includes('keyed by policy slug');
        const final = multi ? `{"spam": ${DEFAULT_FINAL}, "hate": ${DEFAULT_FINAL}}` : DEFAULT_FINAL;
        return { final, chunkSize: 12, delayMs: 1 };
      },
    });
    return {
      evaluator: safeguardOpenAI({ baseUrl: server.url, model: server.model }),
      policies: [spam, hate],
      contents: ['How do I upload a product photo?', 'Check out my Shopify course: shopcoach.biz'],
      broken: safeguardOpenAI({ baseUrl: await closedPortUrl(), model: server.model, retry: { maxRetries: 1, baseDelayMs: 1 } }),
      cleanup: () => server.close(),
    };
  });
}
