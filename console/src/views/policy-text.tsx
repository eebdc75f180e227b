import type { PolicyVersion } from '../types.js';

/** The policy version's text, each line that defines a cited rule (`**ID**`) highlighted. */
export function PolicyText({ version, cited }: { version: PolicyVersion; cited: readonly string[] }) {
  const lines = (version.content ?? '').split('\n');
  const defines = (line: string) => cited.some((id) => line.includes(`**${id}**`));
  return (
    <section class="policy-text" aria-label={`Policy text of ${version.policy?.slug ?? ''} version ${version.version}`}>
      <h3>{version.policy?.name} — version {version.version}</h3>
      <pre tabIndex={0}>
        {lines.map((line, i) => (defines(line)
          ? <mark key={i} class="cited">{line}{'\n'}</mark>
          : <span key={i}>{line}{'\n'}</span>))}
      </pre>
    </section>
  );
}
