import { useState } from 'preact/hooks';
import { policies } from '../api.js';
import { can } from '../app.js';
import { href } from '../router.js';
import type { PolicyVersion, Viewer } from '../types.js';
import { formatTime, useAsync } from '../use-async.js';

export function PoliciesView() {
  const { value, error } = useAsync(() => policies.list(), []);
  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">Policies</h1>
      {error && <p role="alert" class="error">{error}</p>}
      <table>
        <thead><tr><th scope="col">Policy</th><th scope="col">Slug</th><th scope="col">Published</th><th scope="col">Latest</th></tr></thead>
        <tbody>
          {(value ?? []).map((p) => (
            <tr key={p.slug}>
              <td><a href={href('policies', p.slug)}>{p.name}</a></td><td><code>{p.slug}</code></td>
              <td>{p.publishedVersion ? `v${p.publishedVersion.version}` : '—'}</td>
              <td>{p.latestVersion ? `v${p.latestVersion.version} (${p.latestVersion.status})` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A policy's versions with status and lint, a diff between two of them, publish for drafts. */
export function PolicyView({ viewer, slug }: { viewer: Viewer; slug: string }) {
  const { value, error, reload } = useAsync(() => policies.versions(slug), [slug]);
  const [message, setMessage] = useState<string | null>(null);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (value === undefined) return <p role="status">Loading…</p>;
  if (value === null) return <p role="alert">No such policy.</p>;
  const publish = async (version: PolicyVersion) => {
    try {
      const published = await policies.publish(version.id);
      setMessage(`Published version ${published.version}.`);
      reload();
    } catch (e) {
      setMessage(`Not published: ${(e as Error).message}`);
    }
  };
  return (
    <article aria-labelledby="policy-title">
      <p><a href={href('policies')}>← Policies</a></p>
      <h1 id="policy-title">{value.policy.name} <code>{slug}</code></h1>
      {message && <p role="status">{message}</p>}
      <table class="versions">
        <caption>Versions, newest first</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Changelog</th><th scope="col">Created</th>
          <th scope="col">Lint</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {value.versions.map((v) => (
            <tr key={v.id}>
              <td>v{v.version}</td><td><span class={`badge ${v.status}`}>{v.status}</span></td><td>{v.changelog ?? '—'}</td>
              <td>{formatTime(v.createdAt)}</td>
              <td>{v.lint?.length ? <ul class="findings">{v.lint.map((f, i) => <li key={i}><code>{f.code}</code> {f.message}</li>)}</ul> : 'clean'}</td>
              <td>{v.status === 'DRAFT' && can(viewer, 'writePolicies') && <button type="button" onClick={() => publish(v)}>Publish v{v.version}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {value.versions.length > 1 && <Diff slug={slug} versions={value.versions.map((v) => v.version)} />}
    </article>
  );
}

function Diff({ slug, versions }: { slug: string; versions: number[] }) {
  const [from, setFrom] = useState(versions[1]!);
  const [to, setTo] = useState(versions[0]!);
  const { value, error } = useAsync(() => policies.diff(slug, from, to), [slug, from, to]);
  const pick = (id: string, label: string, value: number, set: (n: number) => void) => (
    <><label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.currentTarget.value))}>
        {versions.map((n) => <option key={n} value={n}>v{n}</option>)}
      </select></>
  );
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">Diff</h2>
      <div class="diff-pick">{pick('diff-from', 'From', from, setFrom)}{pick('diff-to', 'To', to, setTo)}</div>
      {error && <p role="alert" class="error">{error}</p>}
      <pre class="diff" tabIndex={0} aria-label={`Changes from v${from} to v${to}`}>
        {(value ?? '').split('\n').map((line, i) => (
          <span key={i} class={line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : ''}>{line}{'\n'}</span>
        ))}
      </pre>
    </section>
  );
}
