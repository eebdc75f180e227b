import { describe, expect, it } from 'vitest';
import { formatPolicyDocument, parsePolicyDocument, type ParseResult } from '../../../../../server/domain/policies/document/index.js';
import { BODY, FRONT_MATTER, documentText, withBody, withFrontMatter } from './fixture.js';

const RULES = [
  { id: 'DM0.a', title: 'Everyday talk', severity: 0, action: 'allow' },
  { id: 'DM2.a', title: 'Cold promotion', severity: 2, action: 'limit_reach' },
  { id: 'DM4.a', title: 'Phishing', severity: 4, action: 'remove_and_escalate' },
];

function problems(result: ParseResult) {
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.problems;
}

function withTriage(triage: string): string {
  return documentText(`${FRONT_MATTER}\ntriage:\n${triage}`);
}

describe('parsePolicyDocument', () => {
  it('reads a minimal document with the documented defaults', () => {
    expect(parsePolicyDocument(documentText())).toEqual({
      ok: true,
      document: {
        slug: 'demo',
        name: 'Demo policy',
        effort: 'medium',
        rules: RULES,
        triage: { match: [], onMatch: 'escalate' },
        review: { minSeverity: null },
        body: BODY,
      },
    });
  });

  it('reads every front matter key, converting snake_case to the SDK names', () => {
    const frontMatter = `${FRONT_MATTER}
effort: high
triage:
  match:
    - { rule: DM2.a, terms: ["half price", "shopcoach"] }
    - { rule: DM4.a, regex: 'enter\\s+your\\s+password' }
  on_match: decide
  thresholds: { safe_below: 0.05, violating_above: 0.98 }
review: { min_severity: 4 }`;
    const result = parsePolicyDocument(documentText(frontMatter));
    expect(result).toEqual({
      ok: true,
      document: {
        slug: 'demo',
        name: 'Demo policy',
        effort: 'high',
        rules: RULES,
        triage: {
          match: [
            { rule: 'DM2.a', terms: ['half price', 'shopcoach'] },
            { rule: 'DM4.a', regex: 'enter\\s+your\\s+password' },
          ],
          onMatch: 'decide',
          thresholds: { safeBelow: 0.05, violatingAbove: 0.98 },
        },
        review: { minSeverity: 4 },
        body: BODY,
      },
    });
  });

  it('round-trips through formatPolicyDocument', () => {
    const source = withTriage(`  match:\n    - { rule: DM4.a, terms: ["enter your password"], regex: 'pass\\s*word' }\n  thresholds: { safe_below: 0.1, violating_above: 0.9 }`);
    const first = parsePolicyDocument(source);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    expect(parsePolicyDocument(formatPolicyDocument(first.document))).toEqual(first);
  });

  it('reads CRLF line ends and a byte order mark like plain LF', () => {
    const crlf = `\uFEFF${documentText().replace(/\n/g, '\r\n')}`;
    expect(parsePolicyDocument(crlf)).toEqual(parsePolicyDocument(documentText()));
  });

  it('rejects a document without front matter', () => {
    expect(problems(parsePolicyDocument(BODY))).toEqual([
      { path: '', line: 1, message: "missing front matter: the document must start with a '---' line" },
    ]);
  });

  it('rejects front matter that is never closed', () => {
    expect(problems(parsePolicyDocument(`---\n${FRONT_MATTER}\n\n${BODY}`))).toEqual([
      { path: '', line: 1, message: "front matter opened on line 1 is never closed with '---'" },
    ]);
  });

  it('rejects empty front matter', () => {
    expect(problems(parsePolicyDocument(`---\n---\n${BODY}`))).toEqual([
      { path: '', line: 1, message: 'front matter is empty: slug, name and rules are required' },
    ]);
  });

  it('rejects invalid YAML, saying on which file line', () => {
    expect(problems(parsePolicyDocument(withFrontMatter('name: Demo policy', 'name: Demo: policy')))).toEqual([
      { path: '', line: 3, message: 'invalid YAML: Nested mappings are not allowed in compact mappings' },
    ]);
  });

  it('rejects duplicate keys as invalid YAML', () => {
    const result = problems(parsePolicyDocument(withFrontMatter('name: Demo policy', 'name: Demo policy\nname: Again')));
    expect(result).toMatchObject([{ path: '', line: 4, message: expect.stringMatching(/^invalid YAML: .*unique/i) }]);
  });

  it('rejects front matter that is not a mapping', () => {
    expect(problems(parsePolicyDocument(documentText('- just\n- a list')))).toEqual([
      { path: '', line: 2, message: 'front matter must be a mapping' },
    ]);
  });

  it('requires slug, name and rules', () => {
    expect(problems(parsePolicyDocument(documentText('effort: low')))).toEqual([
      { path: 'slug', line: 2, message: 'slug is required' },
      { path: 'name', line: 2, message: 'name is required' },
      { path: 'rules', line: 2, message: 'rules is required' },
    ]);
  });

  it('rejects an empty body', () => {
    expect(problems(parsePolicyDocument(`---\n${FRONT_MATTER}\n---\n\n  \n`))).toEqual([
      { path: 'body', line: 9, message: 'the body is empty: it is the policy text the model reads' },
    ]);
  });
});

describe('parsePolicyDocument: unknown keys', () => {
  it.each([
    ['top level', withFrontMatter('slug: demo', 'slug: demo\ncolour: red'), 'colour', 3, "unknown key 'colour' (expected slug, name, effort, rules, triage, review, gate)"],
    ['a rule', withFrontMatter('action: allow }', 'action: allow, weight: 2 }'), 'rules[0].weight', 5, "unknown key 'weight' in rules[0] (expected id, title, severity, action)"],
    ['triage', withTriage('  mode: fast'), 'triage.mode', 9, "unknown key 'mode' in triage (expected match, on_match, thresholds)"],
    ['a matcher', withTriage('  match:\n    - { rule: DM2.a, terms: [promo], words: [x] }'), 'triage.match[0].words', 10, "unknown key 'words' in triage.match[0] (expected rule, terms, regex)"],
    ['thresholds', withTriage('  thresholds: { safe_below: 0.1, violating_above: 0.9, maybe: 0.5 }'), 'triage.thresholds.maybe', 9, "unknown key 'maybe' in triage.thresholds (expected safe_below, violating_above)"],
    ['review', documentText(`${FRONT_MATTER}\nreview: { min_severity: 4, who: me }`), 'review.who', 8, "unknown key 'who' in review (expected min_severity, queue, sla_minutes)"],
  ])('rejects an unknown key in %s', (_level, source, path, line, message) => {
    expect(problems(parsePolicyDocument(source))).toEqual([{ path, line, message }]);
  });
});

describe('parsePolicyDocument: wrong values', () => {
  it.each([
    ['severity above 5', 'severity: 2,', 'severity: 7,', 'rules[1].severity', 'rules[1].severity must be an integer from 0 to 5, got number 7'],
    ['a fractional severity', 'severity: 2,', 'severity: 2.5,', 'rules[1].severity', 'rules[1].severity must be an integer from 0 to 5, got number 2.5'],
    ['a word for severity', 'severity: 2,', 'severity: high,', 'rules[1].severity', "rules[1].severity must be an integer from 0 to 5, got 'high'"],
    ['an action that is not snake_case', 'action: limit_reach', "action: 'Limit reach'", 'rules[1].action', "rules[1].action 'Limit reach' must be a snake_case action such as limit_reach"],
    ['a malformed rule id', 'id: DM2.a,', 'id: dm-2a,', 'rules[1].id', "rules[1].id 'dm-2a' must be a rule id like SP2.a (capitals, a number, an optional .suffix)"],
    ['an empty title', 'title: Cold promotion,', "title: '',", 'rules[1].title', "rules[1].title must be a non-empty string, got ''"],
  ])('rejects %s', (_what, search, replacement, path, message) => {
    expect(problems(parsePolicyDocument(withFrontMatter(search, replacement)))).toEqual([{ path, line: 6, message }]);
  });

  it('rejects an unknown effort', () => {
    expect(problems(parsePolicyDocument(withFrontMatter('name: Demo policy', 'name: Demo policy\neffort: extreme')))).toEqual([
      { path: 'effort', line: 4, message: "effort must be one of low, medium, high, got 'extreme'" },
    ]);
  });

  it('rejects a slug that is not kebab-case', () => {
    expect(problems(parsePolicyDocument(withFrontMatter('slug: demo', 'slug: Demo Policy')))).toEqual([
      { path: 'slug', line: 2, message: "slug 'Demo Policy' must be lowercase words joined by hyphens" },
    ]);
  });

  it('rejects rules that are not a list, or an empty list', () => {
    const notList = documentText('slug: demo\nname: Demo\nrules: DM2.a');
    expect(problems(parsePolicyDocument(notList))).toEqual([{ path: 'rules', line: 4, message: 'rules must be a list' }]);
    const empty = documentText('slug: demo\nname: Demo\nrules: []');
    expect(problems(parsePolicyDocument(empty))).toEqual([{ path: 'rules', line: 4, message: 'rules must list at least one rule' }]);
  });

  it('rejects a rule missing a field', () => {
    expect(problems(parsePolicyDocument(withFrontMatter('title: Cold promotion, ', '')))).toEqual([
      { path: 'rules[1].title', line: 6, message: 'rules[1].title is required' },
    ]);
  });

  it('rejects a review severity outside 0–5, and accepts null', () => {
    const bad = documentText(`${FRONT_MATTER}\nreview: { min_severity: 9 }`);
    expect(problems(parsePolicyDocument(bad))).toEqual([
      { path: 'review.min_severity', line: 8, message: 'review.min_severity must be an integer from 0 to 5, got number 9' },
    ]);
    const none = parsePolicyDocument(documentText(`${FRONT_MATTER}\nreview: { min_severity: null }`));
    expect(none).toMatchObject({ ok: true, document: { review: { minSeverity: null } } });
  });

  it('reads the review queue and SLA, and leaves them out when absent', () => {
    const set = parsePolicyDocument(documentText(`${FRONT_MATTER}\nreview: { min_severity: 4, queue: child-safety, sla_minutes: 60 }`));
    expect(set).toMatchObject({ ok: true, document: { review: { minSeverity: 4, queue: 'child-safety', slaMinutes: 60 } } });
    const unset = parsePolicyDocument(documentText(`${FRONT_MATTER}\nreview: { min_severity: 4 }`));
    expect(unset.ok && unset.document.review).toEqual({ minSeverity: 4 });
    if (set.ok) expect(parsePolicyDocument(formatPolicyDocument(set.document))).toEqual(set);
  });

  it('rejects a malformed review queue or an SLA out of range', () => {
    const bad = documentText(`${FRONT_MATTER}\nreview: { queue: Child Safety, sla_minutes: 0 }`);
    expect(problems(parsePolicyDocument(bad))).toEqual([
      { path: 'review.queue', line: 8, message: `review.queue 'Child Safety' must be lowercase words joined by "-" or "_"` },
      { path: 'review.sla_minutes', line: 8, message: 'review.sla_minutes must be an integer from 1 to 43200, got number 0' },
    ]);
  });
});

describe('parsePolicyDocument: rules against the body', () => {
  it('rejects duplicate rule ids', () => {
    const source = withFrontMatter('id: DM4.a,', 'id: DM2.a,');
    expect(problems(parsePolicyDocument(source))).toEqual([
      { path: 'rules[2].id', line: 7, message: "rules[2].id 'DM2.a' duplicates rules[1].id" },
    ]);
  });

  it('rejects a rule id that the body never defines in bold', () => {
    const source = withBody('**DM4.a** Phishing', 'DM4.a Phishing');
    expect(problems(parsePolicyDocument(source))).toEqual([
      { path: 'rules[2].id', line: 7, message: "rules[2].id 'DM4.a' does not appear in the body as **DM4.a**" },
    ]);
  });
});

describe('parsePolicyDocument: triage', () => {
  it.each([
    ['a matcher naming an undeclared rule', '  match:\n    - { rule: DM9.z, terms: [x] }', 'triage.match[0].rule', 10, "triage.match[0].rule 'DM9.z' is not among the ids in rules"],
    ['a matcher with neither terms nor regex', '  match:\n    - { rule: DM2.a }', 'triage.match[0]', 10, 'triage.match[0] needs terms, a regex, or both'],
    ['an empty term list', '  match:\n    - { rule: DM2.a, terms: [] }', 'triage.match[0].terms', 10, 'triage.match[0].terms must list at least one term'],
    ['a blank term', "  match:\n    - { rule: DM2.a, terms: ['  '] }", 'triage.match[0].terms[0]', 10, "triage.match[0].terms[0] must be a non-empty string, got '  '"],
    ['an invalid regex', "  match:\n    - { rule: DM2.a, regex: '(unclosed' }", 'triage.match[0].regex', 10, 'triage.match[0].regex is not a valid RE2 regular expression: missing closing ): `(unclosed` (policy regexes use RE2 syntax: no backreferences or lookaround)'],
    ['a backreference', "  match:\n    - { rule: DM2.a, regex: '(\\w+) \\1' }", 'triage.match[0].regex', 10, 'triage.match[0].regex is not a valid RE2 regular expression: invalid escape sequence: `\\1` (policy regexes use RE2 syntax: no backreferences or lookaround)'],
    ['a lookahead', "  match:\n    - { rule: DM2.a, regex: 'pass(?=word)' }", 'triage.match[0].regex', 10, 'triage.match[0].regex is not a valid RE2 regular expression: invalid or unsupported Perl syntax: `(?=` (policy regexes use RE2 syntax: no backreferences or lookaround)'],
    ['a lookbehind', "  match:\n    - { rule: DM2.a, regex: '(?<!no )spam' }", 'triage.match[0].regex', 10, 'triage.match[0].regex is not a valid RE2 regular expression: invalid named capture: `(?<!no )spam` (policy regexes use RE2 syntax: no backreferences or lookaround)'],
    ['a regex that matches everything', "  match:\n    - { rule: DM2.a, regex: 'x*' }", 'triage.match[0].regex', 10, 'triage.match[0].regex matches the empty string, so it would match every item'],
    ['an unknown on_match', '  on_match: block', 'triage.on_match', 9, "triage.on_match must be one of decide, escalate, got 'block'"],
    ['a threshold above 1', '  thresholds: { safe_below: 0.1, violating_above: 1.5 }', 'triage.thresholds.violating_above', 9, 'triage.thresholds.violating_above must be a number from 0 to 1, got number 1.5'],
    ['a negative threshold', '  thresholds: { safe_below: -0.1, violating_above: 0.9 }', 'triage.thresholds.safe_below', 9, 'triage.thresholds.safe_below must be a number from 0 to 1, got number -0.1'],
    ['safe_below not under violating_above', '  thresholds: { safe_below: 0.9, violating_above: 0.9 }', 'triage.thresholds.safe_below', 9, 'triage.thresholds.safe_below (0.9) must be less than violating_above (0.9)'],
    ['a missing threshold', '  thresholds: { safe_below: 0.1 }', 'triage.thresholds.violating_above', 9, 'triage.thresholds.violating_above is required'],
  ])('rejects %s', (_what, triage, path, line, message) => {
    expect(problems(parsePolicyDocument(withTriage(triage)))).toEqual([{ path, line, message }]);
  });

  it.each([['(?i)FREE\\s+money'], ['^(a|a)+$'], ['(x+x+)+y'], ['[\\u200B-\\u200D]'], ['(?<word>spam)']])('accepts %s, which RE2 runs in linear time', (regex) => {
    const result = parsePolicyDocument(withTriage(`  match:\n    - { rule: DM2.a, regex: '${regex}' }`));
    expect(result.ok && result.document.triage.match).toEqual([{ rule: 'DM2.a', regex: regex.replaceAll('\\\\', '\\') }]);
  });

  it('reports every problem in one pass, in file order', () => {
    const source = withTriage("  match:\n    - { rule: DM9.z, regex: '(' }\n  on_match: maybe");
    expect(problems(parsePolicyDocument(source)).map((p) => [p.path, p.line])).toEqual([
      ['triage.match[0].rule', 10],
      ['triage.match[0].regex', 10],
      ['triage.on_match', 11],
    ]);
  });
});
