import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What `arbiter model pull` records about the model it downloaded last. */
export interface PulledModel {
  /** The GGUF's file name inside `<data dir>/models/`. */
  readonly file: string;
  /** The NAME given to `model pull` (an alias or a URL). */
  readonly name: string;
  /** The URI it was downloaded from. */
  readonly uri: string;
  readonly pulledAt: string;
}

/** `<data dir>/models`, where pulled models live. */
export function modelsDir(dataDir: string): string {
  return join(dataDir, 'models');
}

const MANIFEST = 'pulled.json';

/**
 * The path of the model `arbiter model pull` left in `dataDir`, if any. The manifest is written
 * only once a download completed, so a half-downloaded file is never picked up.
 */
export function pulledModelPath(dataDir: string): string | undefined {
  const manifest = join(modelsDir(dataDir), MANIFEST);
  if (!existsSync(manifest)) return undefined;
  const { file } = JSON.parse(readFileSync(manifest, 'utf8')) as PulledModel;
  const path = join(modelsDir(dataDir), file);
  return existsSync(path) ? path : undefined;
}

/** Records `model` as the one to use (written atomically: a reader sees the old or the new manifest). */
export async function recordPulledModel(dataDir: string, model: PulledModel): Promise<void> {
  await mkdir(modelsDir(dataDir), { recursive: true });
  const path = join(modelsDir(dataDir), MANIFEST);
  await writeFile(`${path}.tmp`, `${JSON.stringify(model, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
