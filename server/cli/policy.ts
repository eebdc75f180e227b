// `arbiter policy lint [--warn-only] FILE…`: parse problems and guide findings per file; `arbiter policy push DIR`.
import { readFile } from 'node:fs/promises';
import { estimateTokens, lintPolicyDocument, parsePolicyDocument } from '../domain/policies/document/index.js';
import { UsageError } from './usage.js';

type Subcommand = (args: readonly string[]) => Promise<number>;

const subcommands: Record<string, Subcommand> = { lint, push: (args) => import('./policy-push.js').then((m) => m.push(args)), test: (args) => import('./policy-test.js').then((m) => m.test(args)) };

/** Exit codes: 0 clean, 1 a problem or (without --warn-only) a finding, 2 usage. */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const subcommand = name === undefined ? undefined : subcommands[name];
  if (!subcommand) throw new UsageError(`unknown subcommand "${name ?? ''}"`);
  return subcommand(args);
}

async function lint(args: readonly string[]): Promise<number> {
  const warnOnly = args.includes('--warn-only');
  const files = args.filter((arg) => arg !== '--warn-only');
  const unknown = files.find((file) => file.startsWith('--'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (files.length === 0) throw new UsageError('give at least one FILE');
  let problems = 0;
  let findings = 0;
  for (const file of files) {
    const counts = await lintFile(file);
    problems += counts.problems;
    findings += counts.findings;
  }
  process.stdout.write(`${files.length} file(s): ${problems} problem(s), ${findings} finding(s)\n`);
  return problems > 0 || (findings > 0 && !warnOnly) ? 1 : 0;
}

async function lintFile(file: string): Promise<{ problems: number; findings: number }> {
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => error);
  if (typeof content !== 'string') {
    process.stdout.write(`${file}: error: cannot read: ${content.code ?? content.message}\n`);
    return { problems: 1, findings: 0 };
  }
  const parsed = parsePolicyDocument(content);
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stdout.write(`${file}:${problem.line ?? 1}: error: ${problem.message}\n`);
    return { problems: parsed.problems.length, findings: 0 };
  }
  const found = lintPolicyDocument(parsed.document);
  for (const finding of found) process.stdout.write(`${file}: warning ${finding.code}: ${finding.message}\n`);
  if (found.length === 0) {
    const { body, rules } = parsed.document;
    process.stdout.write(`${file}: ok (${estimateTokens(body)} tokens, ${rules.length} rules)\n`);
  }
  return { problems: 0, findings: found.length };
}
