#!/usr/bin/env node
// The `arbiter` CLI. Commands live in commands.ts; this file finds one, answers --help and
// --version without loading it, and turns failures into exit codes (0 ok, 1 failure, 2 usage).
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands.js';
import { UsageError } from './usage.js';

const HELP = new Set(['--help', '-h']);
const VERSION = new Set(['--version', '-V']);

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function overview(group?: string): string {
  const names = Object.keys(COMMANDS).filter((name) => !group || name.startsWith(`${group} `));
  const width = Math.max(...names.map((n) => n.length));
  return `usage: arbiter <command> [options]   (arbiter <command> --help for its options)\n\n${names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`).join('\n')}\n`;
}

/** The command the words name, longest match first, and the arguments after it. */
function find(argv: readonly string[]): { name: string; rest: readonly string[] } | null {
  const two = argv.slice(0, 2).join(' ');
  if (COMMANDS[two]) return { name: two, rest: argv.slice(2) };
  if (argv[0] && COMMANDS[argv[0]]) return { name: argv[0], rest: argv.slice(1) };
  return null;
}

function fail(message: string, code = 2): number {
  process.stderr.write(`arbiter: ${message}\n`);
  return code;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.some((a) => VERSION.has(a))) return void process.stdout.write(`arbiter ${version()}\n`), 0;
  if (argv.length === 0) return fail('missing command (see arbiter --help)');
  if (HELP.has(argv[0]!)) return void process.stdout.write(overview()), 0;
  const found = find(argv);
  const group = Object.keys(COMMANDS).some((name) => name.startsWith(`${argv[0]} `));
  if (!found) {
    if (group && argv.slice(1).some((a) => HELP.has(a))) return void process.stdout.write(overview(argv[0])), 0;
    if (group) return fail(`${argv[0]}: ${argv[1] === undefined ? 'missing' : `unknown`} subcommand${argv[1] === undefined ? '' : ` "${argv[1]}"`} (see arbiter ${argv[0]} --help)`);
    return fail(`unknown command "${argv[0]}" (see arbiter --help)`);
  }
  const spec = COMMANDS[found.name]!;
  if (found.rest.some((a) => HELP.has(a))) return void process.stdout.write(`${spec.usage}\n`), 0;
  try {
    return await (await spec.load()).run(found.rest);
  } catch (error) {
    return report(found.name, error);
  }
}

function report(name: string, error: unknown): number {
  const coded = error as { code?: unknown; message?: string; problems?: readonly string[] };
  if (error instanceof UsageError || (typeof coded.code === 'string' && coded.code.startsWith('ERR_PARSE_ARGS'))) {
    return fail(`${name}: ${coded.message} (see arbiter ${name} --help)`);
  }
  if (coded.code === 'CONFIG_INVALID' && coded.problems) {
    for (const problem of coded.problems) process.stderr.write(`arbiter: invalid configuration: ${problem}\n`);
    return 2;
  }
  // Expected failures (a bad file, a duplicate name) carry a code; print them without a stack.
  if (typeof coded.code === 'string') return fail(`${name}: error (${coded.code}): ${coded.message}`, 1);
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
