import { triageOnnx } from '../../../plugins/triage-onnx/index.js';
import { describeEvaluatorContract } from '../../helpers/evaluator-contract.js';
import { CONTENTS, smallModel, toxicityPolicy } from './model-fixture.js';

describeEvaluatorContract('triage-onnx', async () => ({
  evaluator: triageOnnx({ model: (await smallModel()).onnx }),
  policies: [toxicityPolicy()],
  contents: CONTENTS,
  broken: triageOnnx({ model: '/nonexistent/arbiter/model.onnx' }),
}));
