import { describeEvaluatorContract } from '../../helpers/evaluator-contract.js';
import { DEFAULT_FINAL, promptOf, startModelServer, type ModelServer } from '../../helpers/model-servers/index.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';
import { closedPortUrl } from '../safeguard-openai/helpers.js';
import { poolOver } from './helpers.js';

describeEvaluatorContract('reasoner-pool (two vLLM replicas)', async () => {
  const script = (request: { body: Parameters<typeof promptOf>[0] }) => {
    const multi = promptOf(request.body).system.includes('keyed by policy slug');
    return { final: multi ? `{"spam": ${DEFAULT_FINAL}, "hate": ${DEFAULT_FINAL}}` : DEFAULT_FINAL, chunkSize: 12, delayMs: 1 };
  };
  const servers: ModelServer[] = await Promise.all([startModelServer({ flavour: 'vllm', script }), startModelServer({ flavour: 'vllm', script })]);
  const model = servers[0]!.model;
  return {
    evaluator: poolOver(servers.map((s) => s.url), model),
    policies: [spam, hate],
    contents: ['How do I upload a product photo?', 'Check out my Shopify course: shopcoach.biz'],
    broken: poolOver([await closedPortUrl(), await closedPortUrl()], model),
    cleanup: async () => void (await Promise.all(servers.map((s) => s.close()))),
  };
});
