import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { MODEL_ALIASES, UnknownModelError, modelUri, pullModel } from '../model-pull.js';

const USAGE = `usage: arbiter model pull NAME
Downloads a gpt-oss-safeguard GGUF into ARBITER_DATA_DIR/models/; \`npm start\` then reasons with it in
process when neither SAFEGUARD_URL nor SAFEGUARD_GGUF is set. NAME: ${Object.keys(MODEL_ALIASES).join(', ')},
an http(s) URL of a .gguf file, or an hf:USER/REPO/FILE.gguf URI. ARBITER_MODEL_ENDPOINT replaces
https://huggingface.co/ (a mirror).`;

/** `arbiter model pull NAME`. */
export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: { help: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [action, name, ...rest] = positionals;
  if (action !== 'pull' || !name || rest.length > 0) {
    process.stderr.write(`usage: arbiter model pull NAME (arbiter model --help)\n`);
    return 2;
  }
  try {
    modelUri(name);
  } catch (error) {
    if (!(error instanceof UnknownModelError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const config = loadConfig();
  const endpoint = process.env.ARBITER_MODEL_ENDPOINT || undefined;
  const { path, uri } = await pullModel({ name, dataDir: config.dataDir, showProgress: process.stderr.isTTY, ...(endpoint ? { endpoint } : {}) });
  process.stdout.write(`pulled ${uri}\n  to ${path}\n\`npm start\` now uses it (in-process, safeguard-llama-cpp) while SAFEGUARD_URL and SAFEGUARD_GGUF are unset.\n`);
  return 0;
}
