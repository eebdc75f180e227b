import { safeguardLlamaCpp } from '../../../plugins/safeguard-llama-cpp/index.js';
import { describeEvaluatorContract } from '../../helpers/evaluator-contract.js';
import { tinyGguf } from '../../helpers/tiny-gguf/index.js';
import { hate, spam } from '../../sdk/reasoning/fixtures.js';

describeEvaluatorContract('safeguard-llama-cpp (tiny scripted GGUF, CPU)', async () => ({
  evaluator: safeguardLlamaCpp({ modelPath: tinyGguf(), gpu: false, threads: 1, contextSize: 4096 }),
  policies: [spam, hate],
  contents: ['How do I upload a product photo?', 'Cheap followers, BUY-NOW-777'],
  broken: safeguardLlamaCpp({ modelPath: '/nonexistent/arbiter/model.gguf', gpu: false }),
}));
