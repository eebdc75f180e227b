import type { ChatRequestBody, ModelScript } from './types.js';

/** Fields of the guide's answer format, for {@link answerJson}. */
export interface AnswerFields {
  readonly violation: 0 | 1;
  readonly policy_category?: string | null;
  readonly rule_ids?: readonly string[];
  readonly confidence?: 'low' | 'medium' | 'high';
  readonly rationale?: string;
}

/** The guide's JSON answer as a model would write it. */
export function answerJson(fields: AnswerFields): string {
  return JSON.stringify({ policy_category: null, rule_ids: [], confidence: 'high', rationale: '', ...fields });
}

/** A model that finds a violation of `ruleId` and says so consistently. */
export function violatingScript(ruleId: string, extra: ModelScript = {}): ModelScript {
  return {
    reasoning: `The message advertises a product to strangers. That is rule ${ruleId}. So it violates the policy.`,
    final: answerJson({ violation: 1, policy_category: ruleId.split('.')[0], rule_ids: [ruleId], confidence: 'high', rationale: `Unsolicited promotion; it violates ${ruleId}.` }),
    ...extra,
  };
}

/** An answer citing a rule id the policy does not have. */
export function hallucinatedRuleScript(ruleId = 'SP9.z', extra: ModelScript = {}): ModelScript {
  return violatingScript(ruleId, extra);
}

/** An answer labelled VIOLATING whose rationale (and reasoning) argue it is allowed. */
export function contradictoryScript(ruleId: string, extra: ModelScript = {}): ModelScript {
  return {
    reasoning: 'The user asks how to reset a password. Nothing here is promotional. It does not violate the policy.',
    final: answerJson({ violation: 1, policy_category: ruleId.split('.')[0], rule_ids: [ruleId], confidence: 'medium', rationale: 'A support question; it does not violate the policy and is allowed.' }),
    ...extra,
  };
}

/** The system and user messages of a recorded chat request. */
export function promptOf(body: ChatRequestBody): { readonly system: string; readonly user: string } {
  const find = (role: string): string => body.messages?.find((m) => m.role === role)?.content ?? '';
  return { system: find('system'), user: find('user') };
}
