import { throwIfAborted, type EvaluatorPolicy, type TriageEvaluator, type TriageResult } from '../../sdk/index.js';
import { analyse, compileMatchers, matches, type CompiledMatcher } from './compile.js';

export interface TriageRulesOptions {
  /**
   * Characters of each item inspected, before and after normalisation; the rest is left to the
   * reasoner (a rules miss is UNCERTAIN, never safe). With RE2 this bounds the work per item:
   * each regex scans at most 3 × maxInputChars characters in linear time. Default 20,000.
   */
  readonly maxInputChars?: number;
  /** Compiled policies kept, least recently used evicted first. Default 256. */
  readonly cacheSize?: number;
}

const VERSION = '1.0.0';
/** Bump when normalisation or matching changes what matches: it is part of the identity. */
const MATCHING_REVISION = 3;
/** Items classified between yields to the event loop, so a large batch does not starve it. */
const YIELD_EVERY = 64;

/**
 * Rule-based triage from a policy's `triage.match` front matter: obfuscation-aware terms and
 * regexes. A match is VIOLATING with score 1 and the matched rule ids; a miss is UNCERTAIN with
 * score 0, because keywords not firing is no evidence the content is safe.
 */
export function triageRules(options: TriageRulesOptions = {}): TriageEvaluator {
  const maxInputChars = options.maxInputChars ?? 20_000;
  const compiled = createCache(options.cacheSize ?? 256);
  return {
    name: 'triage-rules',
    version: VERSION,
    kind: 'triage',
    capabilities: { streamsReasoning: false, supportsEffort: false, maxPoliciesPerCall: 1, batchSize: 256 },
    identity: () => `triage-rules@${VERSION};matching=${MATCHING_REVISION};max-input=${maxInputChars}`,
    health: async () => ({ ready: true }),
    async classify({ policy, items, signal }) {
      throwIfAborted(signal);
      const matchers = compiled(policy);
      const results: TriageResult[] = [];
      for (const [index, item] of items.entries()) {
        if (index > 0 && index % YIELD_EVERY === 0) {
          await new Promise((resolve) => setImmediate(resolve));
          throwIfAborted(signal);
        }
        const text = analyse(item.content, maxInputChars);
        const ruleIds = [...new Set(matchers.filter((matcher) => matches(matcher, text)).map((matcher) => matcher.rule))];
        results.push(ruleIds.length > 0 ? { itemId: item.id, score: 1, label: 'VIOLATING', ruleIds } : { itemId: item.id, score: 0, label: 'UNCERTAIN', ruleIds });
      }
      return results;
    },
  };
}

/** Compiles each policy version's matchers once; keyed by id and matchers, as tests reuse ids. */
function createCache(size: number): (policy: EvaluatorPolicy) => readonly CompiledMatcher[] {
  const cache = new Map<string, readonly CompiledMatcher[]>();
  return (policy) => {
    const key = `${policy.id}\u0000${JSON.stringify(policy.triage.match)}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const matchers = compileMatchers(policy.triage.match);
    cache.set(key, matchers);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return matchers;
  };
}
