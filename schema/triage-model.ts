import { scopeOf } from '../server/context.js';
import { getPolicyById, getVersion } from '../server/domain/policies/queries.js';
import type { TriageModelSummary } from '../server/domain/triage-models/repository.js';
import { getModel, isStale, listTriageModels, setModelActive, startTraining } from '../server/domain/triage-models/service.js';
import { NotFoundError as NotFound } from '../server/errors.js';
import type { TrainingEvent } from '../server/events/types.js';
import { builder } from './builder.js';
import { NotFoundError, ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { PolicyRef, PolicyVersionRef } from './refs.js';

const TriageModelStatusEnum = builder.enumType('TriageModelStatus', {
  description: 'Where a triage model is in its training.',
  values: { TRAINING: { description: 'Training is running.' }, READY: { description: 'Trained and calibrated.' }, FAILED: { description: 'Training failed; see `error`.' } },
});

const TriageModelRef = builder.objectRef<TriageModelSummary>('TriageModel');
builder.node(TriageModelRef, {
  description: "A policy's small classifier (hashed n-grams → ONNX) that settles clear cases before the reasoner.",
  id: { resolve: (m) => m.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'onnx_sha256' in value && 'training_source' in value,
  loadOne: (id, context) => (context.scope ? getModel(context.scope, id) : null),
  authScopes: { authenticated: true },
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Numbered per policy from 1, in training order.' }),
    status: t.field({ type: TriageModelStatusEnum, description: 'Where training is.', resolve: (m) => m.status }),
    active: t.exposeBoolean('active', { description: "Whether triage uses this model for the policy's evaluations (at most one active model per policy)." }),
    stale: t.boolean({ description: 'The policy published a newer version than the one this model learned under.', resolve: (m, _, c) => isStale(scopeOf(c), m) }),
    policy: t.field({ type: PolicyRef, description: 'The policy the model triages for.', resolve: async (m, _, c) => (await getPolicyById(scopeOf(c), m.policy_id))! }),
    policyVersion: t.field({ type: PolicyVersionRef, description: 'The policy version whose labels it learned.', resolve: async (m, _, c) => (await getVersion(scopeOf(c), m.policy_version_id))! }),
    trainingSource: t.field({ type: 'JSON', description: 'Provenance: the dataset or decisions it learned from, seed, target recall.', resolve: (m) => m.training_source }),
    metrics: t.field({ type: 'JSON', nullable: true, description: 'Precision, recall, F1, AUROC, PR-curve points and routed fraction on the calibration split.', resolve: (m) => m.metrics }),
    thresholds: t.field({ type: 'JSON', nullable: true, description: 'The calibrated score cut-offs triage settles a label with; null until training is done.', resolve: (m) => m.thresholds }),
    onnxSha256: t.exposeString('onnx_sha256', { nullable: true, description: 'SHA-256 (hex) of the trained ONNX model file; null until training is done.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why training failed; null otherwise.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When training was requested.', resolve: (m) => m.created_at }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, description: 'When training ended; null while it runs.', resolve: (m) => m.finished_at }),
  }),
});

builder.queryField('triageModels', (t) =>
  t.field({ type: [TriageModelRef], authScopes: { read: true }, description: 'Triage models, newest first.', args: { policySlug: t.arg.string({ description: 'Only the models of this policy.' }) },
    resolve: (_, args, c) => listTriageModels(scopeOf(c), args.policySlug ?? null) }),
);

const TrainTriageModelInput = builder.inputType('TrainTriageModelInput', {
  description: 'What to train a triage model for, and on what.',
  fields: (t) => ({
    policySlug: t.string({ required: true, description: 'The policy the model decides for.' }),
    dataset: t.string({ description: "A dataset of the tenant (see `arbiter dataset import`); omit to learn from the policy's logged reasoner and human decisions." }),
    labelKey: t.string({ description: 'The dataset label to learn (default "label").' }),
    seed: t.int({ description: 'Random seed, for a reproducible model.' }),
    targetRecall: t.float({ description: 'Recall of violations the calibrated safe threshold keeps (default 0.95).' }),
    activate: t.boolean({ description: 'Activate the model for its policy once READY.' }),
    ruleIds: t.stringList({ description: 'Rule ids a VIOLATING score cites (default none: the classifier learns the policy as a whole).' }),
  }),
});
const ModelSuccess = (name: string) => builder.objectRef<{ model: TriageModelSummary }>(name).implement({ description: 'The triage model the mutation changed.', fields: (t) => ({ model: t.field({ type: TriageModelRef, resolve: (r) => r.model }) }) });
const errors = (name: string) => ({ types: [ValidationError, NotFoundError], directResult: true as const, union: { name, description: `The ${name.replace('Payload', '')} result, or why it failed.` } });

builder.mutationFields((t) => ({
  trainTriageModel: t.field({
    type: ModelSuccess('TrainTriageModelSuccess'),
    description: 'Starts training; the model is returned TRAINING at once. Follow `triageModelTraining(id)` for progress.',
    authScopes: { manageModels: true },
    errors: errors('TrainTriageModelPayload'),
    args: { input: t.arg({ type: TrainTriageModelInput, required: true, description: 'What to train.' }) },
    resolve: async (_, { input }, c) => ({ model: await startTraining(scopeOf(c), c.services.engine.bus, input) }),
  }),
  activateTriageModel: t.field({
    type: ModelSuccess('ActivateTriageModelSuccess'), authScopes: { manageModels: true }, errors: errors('ActivateTriageModelPayload'),
    description: 'Makes the model the one triage uses for its policy.',
    args: { id: t.arg.id({ required: true, description: 'The TriageModel global id.' }) },
    resolve: async (_, { id }, c) => ({ model: await setModelActive(scopeOf(c), rowId(String(id), 'TriageModel'), true) }),
  }),
  deactivateTriageModel: t.field({
    type: ModelSuccess('DeactivateTriageModelSuccess'), authScopes: { manageModels: true }, errors: errors('DeactivateTriageModelPayload'),
    description: 'Stops triage from using the model.',
    args: { id: t.arg.id({ required: true, description: 'The TriageModel global id.' }) },
    resolve: async (_, { id }, c) => ({ model: await setModelActive(scopeOf(c), rowId(String(id), 'TriageModel'), false) }),
  }),
}));

const TrainingProgressRef = builder.objectRef<TrainingEvent>('TrainingProgress').implement({
  description: 'One progress report of a triage model training.',
  fields: (t) => ({
    phase: t.exposeString('phase', { description: 'features, training, calibrating, then ready or failed.' }),
    epoch: t.exposeInt('epoch', { description: 'The epoch reached in the training phase (0 in ready and failed reports).' }),
    epochs: t.exposeInt('epochs', { description: 'Epochs planned (0 in ready and failed reports).' }),
    loss: t.exposeFloat('loss', { nullable: true, description: 'Training loss after this epoch; null when the report has none (ready, failed).' }),
    error: t.exposeString('error', { nullable: true, description: 'Why training failed, in the failed phase; null otherwise.' }),
  }),
});

builder.subscriptionField('triageModelTraining', (t) =>
  t.field({
    type: TrainingProgressRef,
    description: 'Progress of a training run until it is ready or failed (at once when it already ended).',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The TriageModel global id.' }) },
    subscribe: (_, { id }, c) => trainingEvents(c, String(id)),
    resolve: (event) => event,
  }),
);

async function* trainingEvents(c: Parameters<typeof scopeOf>[0], id: string): AsyncGenerator<TrainingEvent> {
  const modelId = rowId(id, 'TriageModel');
  const live = c.services.engine.bus.subscribe(modelId);
  try {
    const model = await getModel(scopeOf(c), modelId);
    if (!model) throw new NotFound('triage model', id);
    if (model.status !== 'TRAINING') return yield { phase: model.status === 'READY' ? 'ready' : 'failed', epoch: 0, epochs: 0, loss: null, error: model.error ?? undefined };
    for await (const message of live) {
      if (!('training' in message)) continue;
      yield message.training;
      if (message.training.phase === 'ready' || message.training.phase === 'failed') return;
    }
  } finally {
    await live.return?.();
  }
}
