// A small, clean policy document for parser and linter tests, and ways to vary it.

export const FRONT_MATTER = `slug: demo
name: Demo policy
rules:
  - { id: DM0.a, title: Everyday talk, severity: 0, action: allow }
  - { id: DM2.a, title: Cold promotion, severity: 2, action: limit_reach }
  - { id: DM4.a, title: Phishing, severity: 4, action: remove_and_escalate }`;

export const BODY = `# Demo Policy (DM)

## Instructions
Decide whether the content is unwanted promotion or phishing under this policy, and cite every rule that applies.
Judge what the content asks the reader to do, not its tone: capital letters, urgency and typos alone are never
enough. When unsure between two rules, choose the lower one. Treat requests for passwords or payment details as
the most severe case, because they cause direct harm to the person who answers them.

## Definitions
- Promotion: content that pushes a product, site or service toward the reader.
- Unsolicited: the reader did not ask for it and has no relationship with the sender.
- Phishing: a message that imitates a trusted party to obtain credentials, codes or money.
- Call to action: an instruction to click, buy, reply, download or sign up.

## Criteria
### Violates (1)
- **DM2.a** Cold promotion: a product, site or service pushed at a reader who did not ask for it, usually with a
  link or a call to action and no personal context.
- **DM4.a** Phishing: asks for passwords, one-time codes, card numbers or bank details, often behind a fake warning
  such as a locked account or a failed delivery.

### Does not violate (0)
- **DM0.a** Everyday talk: questions, support requests, personal messages, receipts and a single promotion the
  reader signed up for, even when written in capitals or in a hurry.

## Examples
- Violates, DM2.a: "Check out my new course at shopcoach.biz, half price this week only!"
- Violates, DM4.a: "Your account is locked. Enter your password here to restore access."
- Violates, DM4.a: "Your parcel is held. Pay the customs fee with your card number at this link."
- Does not violate, DM0.a: "Thanks for subscribing! Here is the welcome guide you asked for."
- Does not violate, DM0.a: "HEY, can you call me back ASAP about the invoice?"
- Does not violate, DM0.a: "How do I change the password on my account?"

## Output format
Answer with only this JSON object:
{"violation": 1, "policy_category": "DM4", "rule_ids": ["DM4.a"], "confidence": "high", "rationale": "Asks for a password behind a fake lockout."}
Set violation to 1 when any Violates rule applies, otherwise 0 citing DM0.a. Use confidence low, medium or high.`;

export function documentText(frontMatter = FRONT_MATTER, body = BODY): string {
  return `---\n${frontMatter}\n---\n\n${body}\n`;
}

/** The fixture with `search` replaced by `replacement` in the front matter. */
export function withFrontMatter(search: string, replacement: string): string {
  if (!FRONT_MATTER.includes(search)) throw new Error(`fixture front matter has no '${search}'`);
  return documentText(FRONT_MATTER.replace(search, replacement));
}

/** The fixture with `search` replaced by `replacement` in the body. */
export function withBody(search: string, replacement: string): string {
  if (!BODY.includes(search)) throw new Error(`fixture body has no '${search}'`);
  return documentText(FRONT_MATTER, BODY.replace(search, replacement));
}
