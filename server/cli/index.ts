#!/usr/bin/env node
// The `arbiter` CLI: one subcommand module each, loaded lazily so `token` does not pay for onnxruntime.
type Command = { run(argv: readonly string[]): Promise<number> };

const commands: Record<string, () => Promise<Command>> = {
  serve: () => import('./serve.js'),
  worker: () => import('./worker.js'),
  migrate: () => import('./migrate.js'),
  token: () => import('./token.js'),
  policy: () => import('./policy.js'),
  dataset: () => import('./dataset.js'),
  triage: () => import('./triage.js'),
  bench: () => import('./bench.js'),
  audit: () => import('./audit.js'),
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: arbiter <${Object.keys(commands).join('|')}> [options]\n`);
    return name ? 2 : 0;
  }
  try {
    return await (await load()).run(rest);
  } catch (error) {
    // Expected failures (a bad file, a duplicate name) carry a code; print them without a stack.
    const coded = error as { code?: unknown; message?: string };
    process.stderr.write(typeof coded.code === 'string' ? `error (${coded.code}): ${coded.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
