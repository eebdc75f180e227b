// `arbiter triage train|eval`: train a calibrated ONNX triage classifier from a dataset file, or
// measure one. JSON results go to stdout; a progress bar goes to stderr when it is a terminal.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DATASET_FORMATS, readDatasetFile, type DatasetFormat } from '../datasets/index.js';
import { evaluateModel, trainTriageModel, type NetworkSpec, type TrainingProgress } from '../triage/index.js';
import { UsageError } from './usage.js';

interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

const USAGE = `usage:
  arbiter triage train --dataset FILE --label KEY --out MODEL.onnx [--format F] [--skip-invalid]
                       [--seed N] [--target-recall R] [--target-precision P] [--epochs N]
                       [--folds K] [--network logistic|mlp] [--hidden N] [--buckets N] [--rule-id ID]...
  arbiter triage eval  --model MODEL.onnx --dataset FILE --label KEY [--format F] [--skip-invalid]
formats: auto (default), ${DATASET_FORMATS.join(', ')}
`;

const DATASET_OPTIONS = {
  dataset: { type: 'string' },
  label: { type: 'string' },
  format: { type: 'string', default: 'auto' },
  'skip-invalid': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const TRAIN_OPTIONS = {
  ...DATASET_OPTIONS,
  out: { type: 'string' },
  seed: { type: 'string', default: '1' },
  'target-recall': { type: 'string', default: '0.95' },
  'target-precision': { type: 'string', default: '0.95' },
  epochs: { type: 'string' },
  folds: { type: 'string', default: '5' },
  network: { type: 'string', default: 'logistic' },
  hidden: { type: 'string', default: '16' },
  buckets: { type: 'string' },
  'rule-id': { type: 'string', multiple: true, default: [] },
} satisfies ParseArgsConfig['options'];

const EVAL_OPTIONS = { ...DATASET_OPTIONS, model: { type: 'string' } } satisfies ParseArgsConfig['options'];

/** Runs `triage <train|eval> …`; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function run(argv: readonly string[], io: Io = process): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'train') return await train(rest, io);
    if (command === 'eval') return await evaluate(rest, io);
    if (command === '--help' || command === '-h') return help(io);
    throw new UsageError(command === undefined ? 'missing subcommand: train or eval' : `unknown subcommand "${command}": train or eval`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`arbiter triage: ${(error as Error).message} (see arbiter triage ${command ?? ''} --help)\n`);
      return 2;
    }
    io.stderr.write(`arbiter triage: ${(error as Error).message}\n`);
    return 1;
  }
}

async function train(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: TRAIN_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return help(io);
  const out = required(values.out, '--out');
  const dataset = await readDatasetFile(required(values.dataset, '--dataset'), datasetOptions(values));
  const bar = progressBar(io);
  const result = await trainTriageModel({
    items: dataset.items,
    labelKey: required(values.label, '--label'),
    seed: integer(values.seed, '--seed'),
    targetRecall: fraction(values['target-recall'], '--target-recall'),
    targetPrecision: fraction(values['target-precision'], '--target-precision'),
    epochs: values.epochs === undefined ? undefined : integer(values.epochs, '--epochs'),
    calibrationFolds: integer(values.folds, '--folds'),
    network: network(values.network, values.hidden),
    features: values.buckets === undefined ? undefined : { buckets: integer(values.buckets, '--buckets') },
    ruleIds: values['rule-id'],
    onProgress: (p: TrainingProgress) => bar(p.epoch, p.epochs, p.phase === 'training' ? `loss ${p.loss!.toFixed(4)}` : p.phase),
  });
  bar.done();
  await writeFile(out, result.onnx);
  const summary = { model: out, bytes: result.onnx.byteLength, counts: { ...result.counts, skipped: dataset.skipped.length }, validation: result.metrics };
  io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

async function evaluate(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: EVAL_OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return help(io);
  const modelPath = required(values.model, '--model');
  const labelKey = required(values.label, '--label');
  const dataset = await readDatasetFile(required(values.dataset, '--dataset'), datasetOptions(values));
  const model = new Uint8Array(await readFile(modelPath));
  const bar = progressBar(io);
  const { metrics } = await evaluateModel({ model, items: dataset.items, labelKey, onProgress: (done, total) => bar(done, total, 'items') });
  bar.done();
  io.stdout.write(`${JSON.stringify({ ...metrics, skipped: dataset.skipped.length }, null, 2)}\n`);
  return 0;
}

function help(io: Io): number {
  io.stdout.write(USAGE);
  return 0;
}

function datasetOptions(values: { format: string; 'skip-invalid': boolean }) {
  const format = values.format;
  if (format !== 'auto' && !DATASET_FORMATS.includes(format as DatasetFormat)) throw new UsageError(`unknown --format "${format}"`);
  return { format: format as DatasetFormat | 'auto', skipInvalid: values['skip-invalid'] };
}

function network(kind: string, hidden: string): NetworkSpec {
  if (kind === 'logistic') return { kind };
  if (kind === 'mlp') return { kind, hidden: integer(hidden, '--hidden') };
  throw new UsageError(`--network must be logistic or mlp, got "${kind}"`);
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function integer(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} must be an integer, got "${value}"`);
  return n;
}

function fraction(value: string, flag: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new UsageError(`${flag} must be in (0, 1], got "${value}"`);
  return n;
}

type Bar = ((done: number, total: number, note: string) => void) & { done(): void };

// Redrawn in place on a terminal; silent otherwise, so logs and pipes stay clean.
function progressBar(io: Io): Bar {
  const tty = io.stderr.isTTY === true;
  const bar = (done: number, total: number, note: string) => {
    if (!tty) return;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note}\x1b[K`);
  };
  return Object.assign(bar, {
    done() {
      if (tty) io.stderr.write('\n');
    },
  });
}
