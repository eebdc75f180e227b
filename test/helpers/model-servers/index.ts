// Protocol-faithful model servers for tests: vLLM, llama.cpp, Ollama, LM Studio and leaky harmony.
export { startModelServer } from './server.js';
export { MODEL_SERVER_FLAVOURS } from './types.js';
export type {
  ChatRequestBody,
  ModelScript,
  ModelServer,
  ModelServerFlavour,
  ModelServerOptions,
  RecordedRequest,
  RequestOutcome,
  ScriptFailure,
  ScriptSource,
} from './types.js';
export { DEFAULT_FINAL, DEFAULT_REASONING } from './respond.js';
export { answerJson, contradictoryScript, hallucinatedRuleScript, promptOf, violatingScript } from './scripts.js';
export type { AnswerFields } from './scripts.js';
export { startHoldingModelServer } from './holding.js';
export type { HoldingModelServer } from './holding.js';
