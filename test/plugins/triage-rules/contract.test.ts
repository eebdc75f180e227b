import { triageRules } from '../../../plugins/triage-rules/index.js';
import { describeEvaluatorContract } from '../../helpers/evaluator-contract.js';
import { libraryPolicy } from './fixtures.js';

describeEvaluatorContract('triage-rules', async () => ({
  evaluator: triageRules(),
  policies: [libraryPolicy('spam'), libraryPolicy('prompt-injection')],
  contents: [
    'JOIN NOW JOIN NOW JOIN NOW',
    'Can you fix my order? It still says pending.',
    'Your аccount is lоcked. Enter your pаssword here.',
    '',
  ],
}));
