import { scopeOf } from '../server/context.js';
import type { DatasetItemRow, DatasetRow } from '../server/domain/datasets/repository.js';
import { addDecisionsToDataset } from '../server/domain/datasets/from-decisions.js';
import { importDatasetText } from '../server/domain/datasets/import.js';
import { getDatasetItem, datasetItemCount, datasetLabelKeys, getDataset, getDatasetById, listDatasets, listItems } from '../server/domain/datasets/queries.js';
import { addDatasetItems, createDataset } from '../server/domain/datasets/service.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { builder } from './builder.js';
import { AlreadyExistsError, NotFoundError, ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { EvaluationRef, connectionNames, pageArgs } from './refs.js';
import { DecisionFilter } from './verdict.js';

const DatasetItemSourceEnum = builder.enumType('DatasetItemSource', { values: ['IMPORT', 'API', 'DECISION', 'REVIEW', 'APPEAL'] as const });
export const DatasetRef = builder.objectRef<DatasetRow>('Dataset');
export const DatasetItemRef = builder.objectRef<DatasetItemRow>('DatasetItem');

export const DatasetConnection = builder.connectionObject({ type: DatasetRef, ...connectionNames('Dataset')[0] }, connectionNames('Dataset')[1]);
const DatasetItemConnection = builder.connectionObject({ type: DatasetItemRef, ...connectionNames('DatasetItem')[0] }, connectionNames('DatasetItem')[1]);

builder.node(DatasetRef, {
  description: 'A labelled, versioned set of content items: every add bumps `version`; items are append-only.',
  id: { resolve: (d) => d.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'name' in value && 'version' in value && !('slug' in value),
  loadOne: (id, context) => (context.scope ? getDatasetById(context.scope, id) : null),
  authScopes: { readDatasets: true },
  fields: (t) => ({
    name: t.exposeString('name', { nullable: false }),
    description: t.exposeString('description', { nullable: true }),
    version: t.exposeInt('version', { nullable: false }),
    itemCount: t.int({ nullable: false, resolve: (d, _, c) => datasetItemCount(scopeOf(c), d.id) }),
    labelKeys: t.stringList({ nullable: false, resolve: (d, _, c) => datasetLabelKeys(scopeOf(c), d.id) }),
    createdAt: t.field({ type: 'DateTime', nullable: false, resolve: (d) => d.created_at }),
    items: t.field({ type: DatasetItemConnection, nullable: false, description: 'In the order they were added.', args: { ...pageArgs(t.arg) }, resolve: (d, args, c) => listItems(scopeOf(c), d.id, args) as never }),
  }),
});

builder.node(DatasetItemRef, {
  id: { resolve: (i) => i.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'added_in_version' in value,
  loadOne: (id, context) => (context.scope ? getDatasetItem(context.scope, id) : null),
  authScopes: { readDatasets: true },
  fields: (t) => ({
    content: t.exposeString('content', { nullable: false }),
    labels: t.field({ type: 'JSON', nullable: false, resolve: (i) => i.labels }),
    source: t.field({ type: DatasetItemSourceEnum, nullable: false, resolve: (i) => i.source }),
    provenance: t.field({ type: 'JSON', nullable: false, description: 'Where the item and its labels came from.', resolve: (i) => i.provenance }),
    addedInVersion: t.exposeInt('added_in_version', { nullable: false }),
    evaluation: t.field({ type: EvaluationRef, nullable: true, resolve: async (i, _, c) => (i.evaluation_id ? (await getEvaluation(scopeOf(c), i.evaluation_id)) ?? null : null) }),
    createdAt: t.field({ type: 'DateTime', nullable: false, resolve: (i) => i.created_at }),
  }),
});

builder.queryFields((t) => ({
  datasets: t.field({ type: DatasetConnection, nullable: false, description: "The tenant's datasets.", authScopes: { readDatasets: true }, args: { ...pageArgs(t.arg) }, resolve: (_, args, c) => listDatasets(scopeOf(c), args) as never }),
  dataset: t.field({ type: DatasetRef, nullable: true, authScopes: { readDatasets: true }, args: { name: t.arg.string({ required: true }) }, resolve: async (_, { name }, c) => (await getDataset(scopeOf(c), name)) ?? null }),
}));

const CreateDatasetInput = builder.inputType('CreateDatasetInput', { fields: (t) => ({ name: t.string({ required: true }), description: t.string() }) });
const DatasetItemInput = builder.inputType('DatasetItemInput', { fields: (t) => ({ content: t.string({ required: true }), labels: t.field({ type: 'JSON', required: true, description: '{"<key>": 0|1}' }) }) });
const AddDatasetItemsInput = builder.inputType('AddDatasetItemsInput', { fields: (t) => ({ dataset: t.string({ required: true }), items: t.field({ type: [DatasetItemInput], required: true }) }) });
const ImportDatasetItemsInput = builder.inputType('ImportDatasetItemsInput', {
  fields: (t) => ({
    dataset: t.string({ required: true }),
    text: t.string({ required: true, description: 'The file: Arbiter JSONL, CSV, ToxicChat or OpenAI-moderation.' }),
    format: t.string({ description: 'auto (default), jsonl, toxic-chat or openai-moderation.' }),
    skipInvalid: t.boolean(), file: t.string({ description: 'The file name, kept in each item’s provenance.' }),
  }),
});
const AddDecisionsInput = builder.inputType('AddDecisionsToDatasetInput', { fields: (t) => ({ dataset: t.string({ required: true }), filter: t.field({ type: DecisionFilter, required: true }) }) });

const DatasetSuccess = builder.objectRef<{ dataset: DatasetRow }>('CreateDatasetSuccess').implement({ fields: (t) => ({ dataset: t.field({ type: DatasetRef, nullable: false, resolve: (r) => r.dataset }) }) });
const AddedSuccess = (name: string) => builder.objectRef<{ dataset: DatasetRow; added: number; skipped?: number }>(name).implement({
  fields: (t) => ({ dataset: t.field({ type: DatasetRef, nullable: false, resolve: (r) => r.dataset }), added: t.exposeInt('added', { nullable: false }),
    skipped: t.int({ nullable: false, resolve: (r) => r.skipped ?? 0 }) }),
});
const errors = (name: string) => ({ types: [ValidationError, NotFoundError, AlreadyExistsError], directResult: true as const, union: { name } });

builder.mutationFields((t) => ({
  createDataset: t.field({
    type: DatasetSuccess, authScopes: { writeDatasets: true }, errors: errors('CreateDatasetPayload'),
    args: { input: t.arg({ type: CreateDatasetInput, required: true }) },
    resolve: async (_, { input }, c) => ({ dataset: await createDataset(scopeOf(c), input) }),
  }),
  addDatasetItems: t.field({
    type: AddedSuccess('AddDatasetItemsSuccess'), authScopes: { writeDatasets: true }, errors: errors('AddDatasetItemsPayload'),
    description: 'Appends items (validated, at most 5,000 a call) as the next version of the dataset.',
    args: { input: t.arg({ type: AddDatasetItemsInput, required: true }) },
    resolve: (_, { input }, c) => addDatasetItems(scopeOf(c), { dataset: input.dataset, items: input.items.map((i) => ({ content: i.content, labels: i.labels })), source: 'API' }),
  }),
  importDatasetItems: t.field({
    type: AddedSuccess('ImportDatasetItemsSuccess'), authScopes: { writeDatasets: true }, errors: errors('ImportDatasetItemsPayload'),
    description: 'Parses a dataset file with the same readers as `arbiter dataset import` and appends its items as one version.',
    args: { input: t.arg({ type: ImportDatasetItemsInput, required: true }) },
    resolve: (_, { input }, c) => importDatasetText(scopeOf(c), { ...input, format: input.format as never }),
  }),
  addDecisionsToDataset: t.field({
    type: AddedSuccess('AddDecisionsToDatasetSuccess'), authScopes: { writeDatasets: true }, errors: errors('AddDecisionsToDatasetPayload'),
    description: 'Labels the evaluations a decision filter matches from their standing verdicts (HUMAN first) and appends them.',
    args: { input: t.arg({ type: AddDecisionsInput, required: true }) },
    resolve: (_, { input }, c) => {
      const filter = { ...input.filter, policyVersionId: input.filter.policyVersionId ? rowId(String(input.filter.policyVersionId), 'PolicyVersion') : null };
      return addDecisionsToDataset(scopeOf(c), { dataset: input.dataset, filter });
    },
  }),
}));
