import type { PolicyTestResult } from './policy-test.js';

interface Report { dataset: string; baseline: PolicyTestResult | null; results: PolicyTestResult[]; comparisons: any[]; passed: boolean }

const fmt = (x: number | null | undefined): string => (x == null ? '—' : x.toFixed(4));
const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** The human-readable report: one row per version, then each comparison's flipped items. */
export function table(report: Report): string {
  const rows = [...(report.baseline ? [{ ...report.baseline, ref: `${report.baseline.ref} (baseline)` }] : []), ...report.results];
  const lines = [`dataset ${report.dataset}`, `${'policy'.padEnd(28)} ${'F1'.padStart(7)} ${'P'.padStart(7)} ${'R'.padStart(7)} ${'acc'.padStart(7)}  result`];
  for (const r of rows) {
    const verdict = r.ref.endsWith('(baseline)') ? '' : r.passed ? 'PASS' : `FAIL (${r.failures.join('; ')})`;
    lines.push(`${r.ref.padEnd(28)} ${fmt(r.f1).padStart(7)} ${fmt(r.precision).padStart(7)} ${fmt(r.recall).padStart(7)} ${fmt(r.accuracy).padStart(7)}  ${verdict}`);
  }
  for (const c of report.comparisons) {
    lines.push('', `${c.ref} vs baseline: F1 Δ ${c.f1Delta == null ? '—' : c.f1Delta.toFixed(4)}, McNemar p ${fmt(c.mcnemarPValue)}, ${c.flipped.length} flipped`);
    for (const f of c.flipped) lines.push(`  ${f.baseLabel} → ${f.candidateLabel}: ${JSON.stringify(f.content.slice(0, 100))}`, `    base: ${f.baseRationale ?? '—'}`, `    candidate: ${f.candidateRationale ?? '—'}`);
  }
  lines.push('', report.passed ? 'PASS' : 'FAIL');
  return `${lines.join('\n')}\n`;
}

/** A JUnit XML report: one test case per tested version, failed with its reasons. */
export function junitReport(report: Report): string {
  const failures = report.results.filter((r) => !r.passed).length;
  const cases = report.results.map((r) => {
    const name = escapeXml(r.ref);
    const body = r.passed ? '' : `<failure message="${escapeXml(r.failures.join('; '))}">${escapeXml(`F1 ${fmt(r.f1)} P ${fmt(r.precision)} R ${fmt(r.recall)}`)}</failure>`;
    return `    <testcase classname="arbiter.policy" name="${name}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="arbiter policy test (${escapeXml(report.dataset)})" tests="${report.results.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
