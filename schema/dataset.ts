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

const DatasetItemSourceEnum = builder.enumType('DatasetItemSource', {
  description: 'How an item and its labels entered the dataset; `provenance` holds the details.',
  values: {
    IMPORT: { description: 'Read from a dataset file (`importDatasetItems` or `arbiter dataset import`).' },
    API: { description: 'Sent with labels by `addDatasetItems`.' },
    DECISION: { description: 'Labelled from the standing machine verdicts of a real evaluation (`addDecisionsToDataset`).' },
    REVIEW: { description: "Labelled from a reviewer's HUMAN decision (the policy's review-<slug> dataset, or a reviewed decision)." },
    APPEAL: { description: 'Labelled from the decision on an appeal.' },
  } as const,
});
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
    name: t.exposeString('name', { nullable: false, description: 'Unique in the tenant; how mutations and benchmark runs name it.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the dataset holds; null when none was given.' }),
    version: t.exposeInt('version', { nullable: false, description: 'Bumped by every add; a benchmark run records the version it read.' }),
    itemCount: t.int({ nullable: false, description: 'Items in the current version.', resolve: (d, _, c) => datasetItemCount(scopeOf(c), d.id) }),
    labelKeys: t.stringList({ nullable: false, description: 'Every label key the items carry (a policy slug, or "<key>:<ruleId>").', resolve: (d, _, c) => datasetLabelKeys(scopeOf(c), d.id) }),
    createdAt: t.field({ type: 'DateTime', nullable: false, description: 'When it was created.', resolve: (d) => d.created_at }),
    items: t.field({ type: DatasetItemConnection, nullable: false, description: 'In the order they were added.', args: { ...pageArgs(t.arg) }, resolve: (d, args, c) => listItems(scopeOf(c), d.id, args) as never }),
  }),
});

builder.node(DatasetItemRef, {
  description: 'One piece of content with its expected labels, added in one dataset version and never changed.',
  id: { resolve: (i) => i.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'added_in_version' in value,
  loadOne: (id, context) => (context.scope ? getDatasetItem(context.scope, id) : null),
  authScopes: { readDatasets: true },
  fields: (t) => ({
    content: t.exposeString('content', { nullable: false, description: 'The text to judge.' }),
    labels: t.field({ type: 'JSON', nullable: false, description: 'Expected labels: {"<key>": 1 (violating) or 0 (not)}.', resolve: (i) => i.labels }),
    source: t.field({ type: DatasetItemSourceEnum, nullable: false, description: 'How it entered the dataset.', resolve: (i) => i.source }),
    provenance: t.field({ type: 'JSON', nullable: false, description: 'Where the item and its labels came from.', resolve: (i) => i.provenance }),
    addedInVersion: t.exposeInt('added_in_version', { nullable: false, description: 'The dataset version that first held it.' }),
    evaluation: t.field({ type: EvaluationRef, nullable: true, description: 'The real evaluation it came from; null for imported and API items.', resolve: async (i, _, c) => (i.evaluation_id ? (await getEvaluation(scopeOf(c), i.evaluation_id)) ?? null : null) }),
    createdAt: t.field({ type: 'DateTime', nullable: false, description: 'When it was added.', resolve: (i) => i.created_at }),
  }),
});

builder.queryFields((t) => ({
  datasets: t.field({ type: DatasetConnection, nullable: false, description: "The tenant's datasets.", authScopes: { readDatasets: true }, args: { ...pageArgs(t.arg) }, resolve: (_, args, c) => listDatasets(scopeOf(c), args) as never }),
  dataset: t.field({ type: DatasetRef, nullable: true, authScopes: { readDatasets: true }, description: 'The dataset with this name; null when the tenant has none.',
    args: { name: t.arg.string({ required: true, description: 'The dataset name, such as "review-spam".' }) }, resolve: async (_, { name }, c) => (await getDataset(scopeOf(c), name)) ?? null }),
}));

const CreateDatasetInput = builder.inputType('CreateDatasetInput', {
  description: 'A new, empty dataset.',
  fields: (t) => ({ name: t.string({ required: true, description: 'Unique in the tenant.' }), description: t.string({ description: 'What it will hold.' }) }),
});
const DatasetItemInput = builder.inputType('DatasetItemInput', {
  description: 'One item to add.',
  fields: (t) => ({ content: t.string({ required: true, description: 'The text to judge.' }), labels: t.field({ type: 'JSON', required: true, description: '{"<key>": 0|1}' }) }),
});
const AddDatasetItemsInput = builder.inputType('AddDatasetItemsInput', {
  description: 'Items to append to a dataset as its next version.',
  fields: (t) => ({ dataset: t.string({ required: true, description: 'The dataset name.' }), items: t.field({ type: [DatasetItemInput], required: true, description: 'At most 5,000.' }) }),
});
const ImportDatasetItemsInput = builder.inputType('ImportDatasetItemsInput', {
  description: 'A dataset file to parse and append as one version.',
  fields: (t) => ({
    dataset: t.string({ required: true, description: 'The dataset name.' }),
    text: t.string({ required: true, description: 'The file: Arbiter JSONL, CSV, ToxicChat or OpenAI-moderation.' }),
    format: t.string({ description: 'auto (default), jsonl, toxic-chat or openai-moderation.' }),
    skipInvalid: t.boolean({ description: 'Skip (and count in `skipped`) malformed rows instead of refusing the whole file.' }), file: t.string({ description: 'The file name, kept in each item’s provenance.' }),
  }),
});
const AddDecisionsInput = builder.inputType('AddDecisionsToDatasetInput', {
  description: 'Real decisions to turn into labelled items.',
  fields: (t) => ({ dataset: t.string({ required: true, description: 'The dataset name.' }), filter: t.field({ type: DecisionFilter, required: true, description: 'Which decisions, as for `decisions`.' }) }),
});

const DatasetSuccess = builder.objectRef<{ dataset: DatasetRow }>('CreateDatasetSuccess').implement({ description: 'The created dataset.', fields: (t) => ({ dataset: t.field({ type: DatasetRef, nullable: false, description: 'The new, empty dataset.', resolve: (r) => r.dataset }) }) });
const AddedSuccess = (name: string) => builder.objectRef<{ dataset: DatasetRow; added: number; skipped?: number }>(name).implement({
  description: 'The dataset after the add, and how many items went in.',
  fields: (t) => ({ dataset: t.field({ type: DatasetRef, nullable: false, description: 'The dataset at its new version.', resolve: (r) => r.dataset }),
    added: t.exposeInt('added', { nullable: false, description: 'Items appended.' }),
    skipped: t.int({ nullable: false, description: 'Items left out (invalid rows with skipInvalid, or decisions without a usable label).', resolve: (r) => r.skipped ?? 0 }) }),
});
const errors = (name: string) => ({
  types: [ValidationError, NotFoundError, AlreadyExistsError], directResult: true as const,
  union: { name, description: 'The result, or why it was refused (bad input, unknown dataset, name taken).' },
});

builder.mutationFields((t) => ({
  createDataset: t.field({
    type: DatasetSuccess, authScopes: { writeDatasets: true }, errors: errors('CreateDatasetPayload'), description: 'Creates an empty dataset.',
    args: { input: t.arg({ type: CreateDatasetInput, required: true, description: 'The dataset to create.' }) },
    resolve: async (_, { input }, c) => ({ dataset: await createDataset(scopeOf(c), input) }),
  }),
  addDatasetItems: t.field({
    type: AddedSuccess('AddDatasetItemsSuccess'), authScopes: { writeDatasets: true }, errors: errors('AddDatasetItemsPayload'),
    description: 'Appends items (validated, at most 5,000 a call) as the next version of the dataset.',
    args: { input: t.arg({ type: AddDatasetItemsInput, required: true, description: 'The dataset and the items.' }) },
    resolve: (_, { input }, c) => addDatasetItems(scopeOf(c), { dataset: input.dataset, items: input.items.map((i) => ({ content: i.content, labels: i.labels })), source: 'API' }),
  }),
  importDatasetItems: t.field({
    type: AddedSuccess('ImportDatasetItemsSuccess'), authScopes: { writeDatasets: true }, errors: errors('ImportDatasetItemsPayload'),
    description: 'Parses a dataset file with the same readers as `arbiter dataset import` and appends its items as one version.',
    args: { input: t.arg({ type: ImportDatasetItemsInput, required: true, description: 'The dataset and the file.' }) },
    resolve: (_, { input }, c) => importDatasetText(scopeOf(c), { ...input, format: input.format as never }),
  }),
  addDecisionsToDataset: t.field({
    type: AddedSuccess('AddDecisionsToDatasetSuccess'), authScopes: { writeDatasets: true }, errors: errors('AddDecisionsToDatasetPayload'),
    description: 'Labels the evaluations a decision filter matches from their standing verdicts (HUMAN first) and appends them.',
    args: { input: t.arg({ type: AddDecisionsInput, required: true, description: 'The dataset and the decision filter.' }) },
    resolve: (_, { input }, c) => {
      const filter = { ...input.filter, policyVersionId: input.filter.policyVersionId ? rowId(String(input.filter.policyVersionId), 'PolicyVersion') : null };
      return addDecisionsToDataset(scopeOf(c), { dataset: input.dataset, filter });
    },
  }),
}));
