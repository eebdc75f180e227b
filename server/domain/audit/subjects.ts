import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { sha256Hex } from './hash.js';
import { type ChainedSubject, publishedSubjects, submittedSubjects } from './subject-repository.js';

/** The first chained subject that no longer matches its chained content hash. */
export interface SubjectProblem { readonly id: string; readonly reason: string }

const PAGE = 500;

/**
 * Beyond the links: each published policy version and each submitted evaluation must still have
 * the content whose sha256 the audit chain holds. Catches content edited with the freezing
 * triggers disabled. (Columns derived from a version's content are not re-derived here: a parser
 * that evolves would report old versions as tampered; the database trigger guards them.)
 */
export async function checkSubjects(db: Kysely<Database>, tenantId: string): Promise<{ checked: number; problem: SubjectProblem | null }> {
  let checked = 0;
  for (const [read, check] of [[publishedSubjects, contentProblem], [submittedSubjects, contentProblem]] as const) {
    for (let afterSeq = 0; ;) {
      const rows = await read(db, { tenantId, afterSeq, limit: PAGE });
      for (const row of rows) {
        checked += 1;
        const reason = check(row);
        if (reason) return { checked, problem: { id: row.event_id, reason } };
      }
      if (rows.length < PAGE) break;
      afterSeq = Number(rows.at(-1)!.chain_seq);
    }
  }
  return { checked, problem: null };
}

function contentProblem(row: ChainedSubject): string | null {
  if (row.content === null) return `the subject of event ${row.event_id} is gone`;
  const actual = sha256Hex(row.content);
  if (actual !== row.chained_sha256 || row.content_sha256 !== row.chained_sha256) return `content of the subject of event ${row.event_id} does not match the chained sha256`;
  return null;
}
