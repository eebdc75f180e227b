import { basename } from 'node:path';
import { modelsDir, recordPulledModel } from './pulled-model.js';

/** Model names `arbiter model pull` knows, and the GGUF each one downloads. */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  // unsloth's GGUF conversion of openai/gpt-oss-safeguard-20b (Q4_K_M keeps the MXFP4 experts; about 11.6 GB)
  'gpt-oss-safeguard-20b': 'hf:unsloth/gpt-oss-safeguard-20b-GGUF/gpt-oss-safeguard-20b-Q4_K_M.gguf',
};

/** A NAME that is neither a known alias nor a URL or `hf:` URI. */
export class UnknownModelError extends Error {
  readonly code = 'UNKNOWN_MODEL';
  constructor(name: string) {
    super(`unknown model "${name}": use one of ${Object.keys(MODEL_ALIASES).join(', ')}, an http(s) URL of a .gguf file, or an hf: URI`);
    this.name = 'UnknownModelError';
  }
}

/** The URI a NAME downloads from: an alias's, or the name itself when it is a URL or `hf:` URI. */
export function modelUri(name: string): string {
  const alias = MODEL_ALIASES[name];
  if (alias) return alias;
  if (/^(https?:\/\/|hf:)\S+$/.test(name)) return name;
  throw new UnknownModelError(name);
}

/** Arguments of {@link pullModel}. */
export interface PullInput {
  readonly name: string;
  readonly dataDir: string;
  /** Replaces https://huggingface.co/ for `hf:` URIs (`ARBITER_MODEL_ENDPOINT`): a mirror, or a test server. */
  readonly endpoint?: string;
  readonly showProgress?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Downloads the GGUF a NAME stands for into `<data dir>/models/` with node-llama-cpp's
 * downloader (resumable, skips a complete file already there), then records it as the model the
 * in-process reasoner uses when neither SAFEGUARD_URL nor SAFEGUARD_GGUF is set.
 */
export async function pullModel(input: PullInput): Promise<{ path: string; uri: string }> {
  const uri = modelUri(input.name);
  // loaded here: node-llama-cpp is heavy, and only this command and the in-process reasoner need it
  const { createModelDownloader } = await import('node-llama-cpp');
  const downloader = await createModelDownloader({
    modelUri: uri,
    dirPath: modelsDir(input.dataDir),
    showCliProgress: input.showProgress ?? false,
    skipExisting: true,
    ...(input.endpoint ? { endpoints: { huggingFace: input.endpoint } } : {}),
  });
  const path = await downloader.download(input.signal ? { signal: input.signal } : {});
  await recordPulledModel(input.dataDir, { file: basename(path), name: input.name, uri, pulledAt: new Date().toISOString() });
  return { path, uri };
}
