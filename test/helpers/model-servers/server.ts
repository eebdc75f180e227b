import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendError, streamScript } from './respond.js';
import type { ChatRequestBody, ModelScript, ModelServer, ModelServerFlavour, ModelServerOptions, RecordedRequest, RequestOutcome, ScriptSource } from './types.js';
import type { WireContext } from './wire.js';

const DEFAULT_MODEL = 'gpt-oss-safeguard:20b';
const DEFAULT_DIGEST = 'sha256:5f0a3c8e1d2b4a6978e0c1d2e3f4a5b6c7d8e9f00112233445566778899aabb';

/**
 * Starts a real HTTP server on 127.0.0.1 (a free port) that speaks `flavour`'s wire protocol:
 * `POST /v1/chat/completions` (SSE) and `GET /v1/models` for every flavour, plus Ollama's
 * `POST /api/chat` (NDJSON) and `GET /api/tags` for the two Ollama flavours. Responses follow
 * `script`; every request is recorded.
 */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const model = options.model ?? DEFAULT_MODEL;
  const requests: RecordedRequest[] = [];
  const chat: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let settle!: (outcome: RequestOutcome) => void;
    const settled = new Promise<RequestOutcome>((resolve) => (settle = resolve));
    res.on('close', () => settle(res.writableFinished ? 'completed' : 'client-closed'));
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: parseBody(text), settled };
    requests.push(recorded);
    const ollama = options.flavour === 'ollama-openai' || options.flavour === 'ollama-native';
    const route = `${recorded.method} ${recorded.path.split('?')[0]}`;
    if (route === 'GET /v1/models') return json(res, settle, modelList(model, options.flavour));
    if (ollama && route === 'GET /api/tags') return json(res, settle, tags(model, options.digest ?? DEFAULT_DIGEST));
    const native = ollama && route === 'POST /api/chat';
    if (!native && route !== 'POST /v1/chat/completions') return json(res, settle, { error: `no route ${route}` }, 404);
    const flavour: ModelServerFlavour = ollama && !native ? 'ollama-openai' : options.flavour;
    const ctx: WireContext = { flavour, model, id: `chatcmpl-${chat.length + 1}`, created: Math.floor(Date.now() / 1000) };
    if (recorded.body.model !== model) {
      const message = ollama ? `model "${String(recorded.body.model)}" not found, try pulling it first` : `The model \`${String(recorded.body.model)}\` does not exist.`;
      return sendError({ res, ctx, native, settle }, 404, message);
    }
    const script = pickScript(options.script, recorded, chat.length);
    chat.push(recorded);
    await streamScript({ res, req, ctx, native, body: recorded.body, script, settle });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: options.flavour === 'ollama-native' ? origin : `${origin}/v1`,
    origin,
    flavour: options.flavour,
    model,
    requests,
    chatRequests: () => [...chat],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function pickScript(source: ScriptSource | undefined, request: RecordedRequest, index: number): ModelScript {
  if (source === undefined) return {};
  if (typeof source === 'function') return source(request, index);
  if (Array.isArray(source)) return source[Math.min(index, source.length - 1)] ?? {};
  return source as ModelScript;
}

function modelList(model: string, flavour: ModelServerFlavour): unknown {
  const owner = flavour.startsWith('ollama') ? 'library' : flavour.startsWith('vllm') ? 'vllm' : 'organization_owner';
  return { object: 'list', data: [{ id: model, object: 'model', created: 1_761_000_000, owned_by: owner }] };
}

function tags(model: string, digest: string): unknown {
  const details = { format: 'gguf', family: 'gptoss', parameter_size: '20.9B', quantization_level: 'MXFP4' };
  return { models: [{ name: model, model, modified_at: '2025-10-29T12:00:00Z', size: 13_780_173_839, digest, details }] };
}

function json(res: ServerResponse, settle: (outcome: RequestOutcome) => void, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  settle('completed');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): ChatRequestBody {
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as ChatRequestBody;
  } catch {
    return { raw: text };
  }
}
