/** Hand-written policy documents for tests (deliberately not from policies/). */
export function policyDocument(options: { slug?: string; name?: string; extraRule?: boolean; match?: string; severity?: number; thresholds?: boolean } = {}): string {
  const slug = options.slug ?? 'pets';
  const rules = [
    `  - { id: PT1.a, title: Selling animals, severity: ${options.severity ?? 2}, action: remove }`,
    '  - { id: PT1.b, title: Animal cruelty, severity: 4, action: escalate }',
    ...(options.extraRule ? ['  - { id: PT1.c, title: Exotic species, severity: 3, action: limit_reach }'] : []),
  ];
  return `---
slug: ${slug}
name: ${options.name ?? 'Pet marketplace'}
effort: low
rules:
${rules.join('\n')}
triage:
  match:
    - { rule: PT1.a, terms: [${JSON.stringify(options.match ?? 'puppies for sale')}] }
  on_match: decide${options.thresholds === false ? '' : '\n  thresholds: { safe_below: 0.1, violating_above: 0.95 }'}
review: { min_severity: 4 }
---
# Pet marketplace policy (#PT)

## Instructions
Decide whether the CONTENT offers animals for sale or describes cruelty to animals. Read the whole content,
including links and hashtags, and apply the criteria below. Quote the rule id that applies.

## Definitions
- **Sale**: an offer to exchange a living animal for money or goods.
- **Cruelty**: deliberate harm to an animal, or encouraging it.

## Criteria
### Violates
- **PT1.a** Offers a living animal for sale or trade.
- **PT1.b** Describes, praises or encourages cruelty to an animal.
${options.extraRule ? '- **PT1.c** Offers an exotic or protected species.\n' : ''}
### Does not violate
- **PT0.a** Adoption through a registered shelter without a fee beyond costs.
- **PT0.b** Selling pet food, toys or accessories.

## Examples
- "Puppies for sale, $300 each, DM me" → violation, PT1.a
- "I kicked the neighbour's cat and it was hilarious" → violation, PT1.b
- "Our shelter has kittens ready for adoption" → no violation, PT0.a
- "Selling a barely used dog crate" → no violation, PT0.b

## Output format
Answer with JSON only: {"violation": 0 or 1, "policy_category": "PT1", "rule_ids": ["PT1.a"], "confidence": "low|medium|high", "rationale": "one sentence"}
`;
}
