// A cheap screen for catastrophic backtracking: an unbounded quantifier applied to a group that
// itself contains one, as in `(a+)+` or `(\w+\s*)*`. It misses overlapping alternations such as
// `(a|aa)+`; the triage plugin also bounds input length, which caps the damage either way.

const GROUP_PREFIX = /^\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/;

function unboundedAt(source: string, index: number): boolean {
  const char = source[index];
  return char === '*' || char === '+' || /^\{\d+,\}/.test(source.slice(index));
}

function skipClass(source: string, index: number): number {
  let i = index + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Whether `source` quantifies, without bound, a group that holds an unbounded quantifier. */
export function hasNestedUnboundedQuantifier(source: string): boolean {
  const groups: boolean[] = [false];
  for (let i = 0; i < source.length; ) {
    const char = source[i]!;
    if (char === '\\') i += 2;
    else if (char === '[') i = skipClass(source, i);
    else if (char === '(') {
      groups.push(false);
      i += 1 + (GROUP_PREFIX.exec(source.slice(i + 1))?.[0].length ?? 0);
    } else if (char === ')') {
      const inner = groups.length > 1 ? groups.pop()! : false;
      const quantified = unboundedAt(source, i + 1);
      if (inner && quantified) return true;
      if (inner || quantified) groups[groups.length - 1] = true;
      i += 1;
    } else {
      if (unboundedAt(source, i)) groups[groups.length - 1] = true;
      i += 1;
    }
  }
  return false;
}
