import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from '../scope.js';
import { getPolicy, getLatestVersion } from './queries.js';
import { createPolicy, createPolicyVersion, publishPolicyVersion } from './service.js';
import { parsePolicyDocument } from './document/index.js';

/** What loading a policy directory did, per file. */
export interface SeedOutcome {
  readonly file: string;
  readonly slug: string;
  /** `kept`: the file changed, but a version someone else made is newer, so it was left standing. */
  readonly action: 'created' | 'updated' | 'unchanged' | 'kept';
  readonly version: number;
}

/**
 * Loads every `*.md` policy in `dir` into the scope's tenant and publishes it. Idempotent: a
 * file whose content equals the latest version's is left alone; a changed file becomes a new
 * published version (history is never rewritten).
 *
 * With `keepNewerVersions` (the start-up seed), a file is only ever published over versions the
 * same actor made: once anyone else (a user, through the API) has made the newest version, the
 * file is skipped (`kept`), so a restart never re-publishes the library over a tenant's own edits.
 */
export async function loadPolicyDirectory(scope: Scope, dir: string, options: { readonly keepNewerVersions?: boolean } = {}): Promise<SeedOutcome[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
  const outcomes: SeedOutcome[] = [];
  for (const file of files) outcomes.push(await loadPolicyFile(scope, join(dir, file), file, options.keepNewerVersions ?? false));
  return outcomes;
}

async function loadPolicyFile(scope: Scope, path: string, file: string, keepNewer: boolean): Promise<SeedOutcome> {
  const content = await readFile(path, 'utf8');
  const parsed = parsePolicyDocument(content);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const { slug, name } = parsed.document;
  const existing = await getPolicy(scope, slug);
  if (!existing) {
    const { version } = await createPolicy(scope, { slug, name, content, changelog: `loaded from ${file}` });
    await publishPolicyVersion(scope, version.id);
    return { file, slug, action: 'created', version: version.version };
  }
  const latest = await getLatestVersion(scope, existing.id);
  if (keepNewer && latest.author !== scope.actor) return { file, slug, action: 'kept', version: latest.version };
  if (latest.content === content) {
    if (latest.status === 'DRAFT') await publishPolicyVersion(scope, latest.id);
    return { file, slug, action: 'unchanged', version: latest.version };
  }
  const version = await createPolicyVersion(scope, { slug, content, changelog: `reloaded from ${file}` });
  await publishPolicyVersion(scope, version.id);
  return { file, slug, action: 'updated', version: version.version };
}
