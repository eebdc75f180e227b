import { verb, type CommandSpec } from './usage.js';

const POLICY_TEST_USAGE = 'usage: arbiter policy test FILE…|slug@N … --dataset NAME|FILE [--baseline slug@N] [--min-f1 X] [--json] [--junit FILE]\n'
  + '       [--url URL --token TOKEN | ARBITER_URL/ARBITER_TOKEN; embedded database otherwise] [--effort low|medium|high] [--label KEY]\n'
  + 'Exit 0 pass, 1 a gate or threshold failed, 2 usage error.';

/**
 * Every `arbiter` command, by its words ("serve", "policy lint"). A new command is one entry
 * here and one module exporting `run(argv)`; nothing is imported until the command runs.
 */
export const COMMANDS: Record<string, CommandSpec> = {
  serve: {
    summary: 'run the API server (what npm start runs)',
    usage: 'usage: arbiter serve\nRuns the HTTP + WebSocket server on PORT, configured by the environment (docs/operations.md).',
    load: () => import('./serve.js'),
  },
  worker: {
    summary: 'run evaluation jobs only (scale-out)',
    usage: 'usage: arbiter worker\nRuns evaluation jobs from the shared queue (DATABASE_URL, REDIS_URL); serves /livez, /readyz and /metrics on PORT.',
    load: () => import('./worker.js'),
  },
  migrate: {
    summary: 'bring the database to the latest schema',
    usage: 'usage: arbiter migrate [--down-all]',
    load: () => import('./migrate.js'),
  },
  token: {
    summary: 'mint a token for a tenant and roles',
    usage: 'usage: arbiter token --tenant T --roles admin,policy_author,reviewer,auditor,service [--sub SUBJECT] [--expires 30d]\n'
      + 'Signs an HS256 token with JWT_SECRET, or with the dev secret in ARBITER_DATA_DIR; --expires at most ARBITER_TOKEN_MAX_LIFETIME.',
    load: () => import('./token.js'),
  },
  'policy lint': {
    summary: 'check policy documents',
    usage: 'usage: arbiter policy lint [--warn-only] FILE…\nExit 0 clean, 1 a problem or (without --warn-only) a finding, 2 usage.',
    load: verb(() => import('./policy.js'), 'lint'),
  },
  'policy push': {
    summary: 'load a directory of policy documents into a tenant and publish them',
    usage: 'usage: arbiter policy push DIR [--tenant KEY] [--actor NAME]',
    load: verb(() => import('./policy.js'), 'push'),
  },
  'policy test': {
    summary: 'benchmark policy files or versions against a dataset (CI gate)',
    usage: POLICY_TEST_USAGE,
    load: verb(() => import('./policy.js'), 'test'),
  },
  'dataset import': {
    summary: 'store a labelled dataset file',
    usage: 'usage: arbiter dataset import FILE [--name NAME] [--tenant KEY] [--format auto|jsonl|toxic-chat|openai-moderation] [--skip-invalid]',
    load: verb(() => import('./dataset.js'), 'import'),
  },
  'triage train': {
    summary: 'train a calibrated ONNX triage classifier',
    usage: 'usage: arbiter triage train --dataset FILE --label KEY --out MODEL.onnx [--format F] [--skip-invalid]\n'
      + '                     [--seed N] [--target-recall R] [--target-precision P] [--epochs N]\n'
      + '                     [--folds K] [--network logistic|mlp] [--hidden N] [--buckets N] [--rule-id ID]...',
    load: verb(() => import('./triage.js'), 'train'),
  },
  'triage eval': {
    summary: 'measure a triage classifier on a dataset (JSON metrics)',
    usage: 'usage: arbiter triage eval --model MODEL.onnx --dataset FILE --label KEY [--format F] [--skip-invalid]',
    load: verb(() => import('./triage.js'), 'eval'),
  },
  'audit verify': {
    summary: 'verify an exported audit chain offline against the signing public key',
    usage: 'usage: arbiter audit verify FILE --public-key PEM [--public-key PEM…] [--json]\n'
      + 'Checks every link, the head and the signed checkpoints of GET /exports/audit.ndjson. Exit 0 valid, 1 invalid, 2 usage.',
    load: verb(() => import('./audit.js'), 'verify'),
  },
  'model pull': {
    summary: 'download a gpt-oss-safeguard GGUF into the data directory',
    usage: 'usage: arbiter model pull NAME\nDownloads a GGUF (alias gpt-oss-safeguard-20b, an http(s) URL or hf:USER/REPO/FILE.gguf) into\n'
      + 'ARBITER_DATA_DIR/models/; npm start then reasons with it in process when SAFEGUARD_URL and SAFEGUARD_GGUF are unset.',
    load: verb(() => import('./model.js'), 'pull'),
  },
  bench: {
    summary: 'run benchmarks that print figures',
    usage: 'usage: arbiter bench [NAME…]\nRuns bench/NAME.ts (all of them when none is named).',
    load: () => import('./bench.js'),
  },
};
