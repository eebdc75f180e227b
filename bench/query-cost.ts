// `npx tsx bench/query-cost.ts`: the cost (server/http/cost.ts) of the client's documents at typical page sizes.
import { buildSchema } from '../schema/index.js';
import { DEFAULT_FIRST, operationCost } from '../server/http/cost.js';
import { loadConfig } from '../server/config.js';
import { documents } from '../sdk/client/index.js';

const schema = buildSchema();
const limit = loadConfig({ JWT_SECRET: 'x'.repeat(40) }).limits.maxCost;
console.log(`cost limit (ARBITER_MAX_COST default): ${limit}; default page size assumed without first: ${DEFAULT_FIRST}`);
for (const first of [50, 100, 500]) console.log(`Decisions (client VerdictFields), first=${first}: ${operationCost(schema, documents.DecisionsDocument, { first })}`);
console.log(`Evaluate (client EvaluationFields): ${operationCost(schema, documents.EvaluateDocument)}`);
console.log(`EvaluationEvents: ${operationCost(schema, documents.EvaluationEventsDocument)}`);
