import { describe, expect, it } from 'vitest';
import { estimateTokens, lintPolicyDocument, parsePolicyDocument, type PolicyDocument } from '../../../../../server/domain/policies/document/index.js';
import { BODY, FRONT_MATTER, documentText, withBody } from './fixture.js';

function parsed(source: string): PolicyDocument {
  const result = parsePolicyDocument(source);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.document;
}

function codes(source: string): string[] {
  return lintPolicyDocument(parsed(source)).map((finding) => finding.code);
}

const OUTPUT_SECTION = BODY.slice(BODY.indexOf('## Output format'));
const SHORT_BODY = [
  '## Instructions', 'Classify promotion and phishing.',
  '## Definitions', '- Promotion: selling something.',
  '### Violates (1)', '- **DM2.a** Cold promotion.', '- **DM4.a** Phishing.',
  '### Does not violate (0)', '- **DM0.a** Everyday talk.',
  '## Examples', '- Violates, DM2.a: "Buy my course!"', '- Does not violate, DM0.a: "Hi Sam, the report is attached."',
  '## Output format', 'Answer with {"violation": 0 or 1}.',
].join('\n');
const PADDING = '\nThese notes add context for reviewers and change nothing about the criteria above.'.repeat(4);

describe('lintPolicyDocument', () => {
  it('finds nothing in a document that follows the guide', () => {
    expect(lintPolicyDocument(parsed(documentText()))).toEqual([]);
  });

  it('reports each missing section by name', () => {
    const source = withBody('## Definitions', '## Background');
    expect(lintPolicyDocument(parsed(source))).toEqual([
      { code: 'MISSING_SECTION', message: "no Definitions section (expected a heading such as '## Definitions')" },
    ]);
  });

  it('reports a criteria section that has only the violating side', () => {
    const source = withBody('### Does not violate (0)', '### Notes');
    expect(lintPolicyDocument(parsed(source))).toEqual([
      { code: 'MISSING_SECTION', message: "no Criteria: does not violate section (expected a heading such as '### Does not violate (0)')" },
    ]);
  });

  it("recognises the safeguard guide's own heading style and bold-line headings", () => {
    const body = BODY.replace('## Instructions', '**INSTRUCTIONS**')
      .replace('## Definitions', '## Key terms')
      .replace('### Violates (1)', '## VIOLATES (1)')
      .replace('### Does not violate (0)', '## SAFE (0)')
      .replace('## Examples', '**Examples:**');
    expect(codes(documentText(undefined, body))).toEqual([]);
  });

  it('reports a body under 400 tokens and one over 600', () => {
    const short = parsed(documentText(undefined, SHORT_BODY));
    const tokens = estimateTokens(short.body);
    expect(lintPolicyDocument(short)).toEqual([
      { code: 'TOKEN_BUDGET', message: `the body is ${tokens} tokens; gpt-oss-safeguard policies work best at 400–600 (add definitions and boundary examples)` },
    ]);
    const long = parsed(documentText(undefined, `${BODY}${PADDING.repeat(3)}`));
    expect(lintPolicyDocument(long)).toEqual([
      { code: 'TOKEN_BUDGET', message: `the body is ${estimateTokens(long.body)} tokens; gpt-oss-safeguard policies work best at 400–600 (tighten it, or split the policy)` },
    ]);
    expect(estimateTokens(long.body)).toBeGreaterThan(600);
  });

  it('reports a rule id defined twice in the criteria', () => {
    const source = withBody('### Does not violate (0)', '- **DM2.a** Cold promotion, said again.\n\n### Does not violate (0)');
    expect(lintPolicyDocument(parsed(source))).toEqual([
      { code: 'DUPLICATE_RULE_ID', message: '**DM2.a** is defined 2 times in the criteria; each rule id must mean one thing' },
    ]);
  });

  it('does not count a bold id that the instructions or examples refer to as a definition', () => {
    const source = withBody('choose the lower one.', 'choose the lower one.\n**DM4.a** outranks every other rule.').replace(
      'Violates, DM2.a:',
      '**DM2.a**, violates:',
    );
    expect(codes(source)).toEqual([]);
  });

  it('reports examples with no non-violating case', () => {
    const body = BODY.replace(/\n- Does not violate.*$/gm, '');
    expect(lintPolicyDocument(parsed(documentText(undefined, `${body}${PADDING}`)))).toEqual([
      { code: 'EXAMPLES_ONE_SIDED', message: 'the examples have no non-violating case; show both sides of the boundary' },
    ]);
  });

  it('reports examples with no violating case', () => {
    const body = BODY.replace(/\n- Violates, .*$/gm, '');
    expect(lintPolicyDocument(parsed(documentText(undefined, `${body}${PADDING}`)))).toEqual([
      { code: 'EXAMPLES_ONE_SIDED', message: 'the examples have no violating case; show both sides of the boundary' },
    ]);
  });

  it('reads sides from JSON answers and subheadings, and ignores words inside the quoted content', () => {
    const examples = [
      '## Examples',
      '### Violating',
      'Content: "Is it safe to click? Totally allowed, just enter your password here."',
      'Content: "Hi, the report is attached."',
      'Answer: {"violation": 0}',
    ].join('\n');
    const body = BODY.replace(/## Examples[\s\S]*?(?=## Output format)/, `${examples}\n\n`);
    expect(codes(documentText(undefined, `${body}${PADDING}`))).toEqual([]);
    const onlyQuotedSafeWords = BODY.replace(/## Examples[\s\S]*?(?=## Output format)/, `${examples.split('\n').slice(0, 3).join('\n')}\n\n`);
    expect(codes(documentText(undefined, `${onlyQuotedSafeWords}${PADDING}${PADDING}`))).toEqual(['EXAMPLES_ONE_SIDED']);
  });

  it('reports a body with no output format instruction', () => {
    const body = `${BODY.slice(0, BODY.indexOf('## Output format'))}${PADDING}`;
    expect(lintPolicyDocument(parsed(documentText(undefined, body)))).toEqual([
      { code: 'NO_OUTPUT_FORMAT', message: 'no explicit output format; say what to answer, e.g. {"violation": 0|1, "rule_ids": [...]}' },
    ]);
  });

  it('accepts an output instruction written as a sentence', () => {
    const body = `${BODY.slice(0, BODY.indexOf('## Output format'))}${PADDING}\nRespond with 0 or 1 only.`;
    expect(codes(documentText(undefined, body))).toEqual([]);
  });

  it('reports a bold rule id that the front matter does not declare', () => {
    const source = withBody('### Does not violate (0)', '- **DM3.b** Link farming.\n\n### Does not violate (0)');
    expect(lintPolicyDocument(parsed(source))).toEqual([
      {
        code: 'UNDECLARED_RULE_ID',
        message: '**DM3.b** appears in the body but not in the front matter rules; a verdict citing it would be flagged as a hallucinated rule id',
      },
    ]);
  });

  it('leaves regexes to the parser: RE2 runs what it accepts in linear time, so no pattern is a backtracking risk', () => {
    const triage = `\ntriage:\n  match:\n    - { rule: DM2.a, regex: '(https?://\\S+\\s*){3,}' }\n    - { rule: DM4.a, regex: '^(a|a)+$' }`;
    expect(lintPolicyDocument(parsed(documentText(`${FRONT_MATTER}${triage}`)))).toEqual([]);
  });
});

describe('estimateTokens', () => {
  it('counts o200k tokens exactly', () => {
    expect(estimateTokens('hello world')).toBe(2);
    expect(estimateTokens('')).toBe(0);
  });

  it('counts special-token text as ordinary text rather than throwing', () => {
    expect(estimateTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });
});
