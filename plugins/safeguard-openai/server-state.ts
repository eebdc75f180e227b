import type { EvaluatorHealth } from '../../sdk/index.js';
import type { ResolvedOptions } from './options.js';
import { detectFlavour, endpointsFor, findModel, listModels, type Endpoints } from './server-info.js';

/** What the plugin knows about its model server. */
export interface ServerState {
  /** The endpoints to call; probes the flavour once when it is `auto`. */
  endpoints(signal: AbortSignal): Promise<Endpoints>;
  /** The model digest learnt at setup, when the server reports one. */
  digest(): string | undefined;
  setup(): Promise<void>;
  health(): Promise<EvaluatorHealth>;
}

/** What the plugin learns about its server: the flavour (once probed) and the model digest. */
export function createServerState(options: ResolvedOptions): ServerState {
  let endpoints: Endpoints | undefined;
  let digest: string | undefined;
  async function resolveEndpoints(signal: AbortSignal): Promise<Endpoints> {
    if (endpoints) return endpoints;
    const flavour = await detectFlavour(options, signal);
    // an unreachable server proves nothing: fall back to OpenAI for now and probe again next time
    if (!flavour) return endpointsFor(options.baseUrl, 'openai');
    return (endpoints = endpointsFor(options.baseUrl, flavour));
  }
  return {
    endpoints: resolveEndpoints,
    digest: () => digest,
    /** Probes the flavour and the model digest; never throws, `health()` reports an unreachable server. */
    async setup(): Promise<void> {
      const signal = AbortSignal.timeout(options.timeouts.connectMs);
      const found = await resolveEndpoints(signal).then(
        (ep) => listModels(options, ep.flavour === 'ollama-native' ? ep.models : `${new URL(options.baseUrl).origin}/api/tags`, signal),
        () => [],
      ).then((models) => findModel(models, options.model), () => undefined);
      digest = found?.digest;
    },
    async health(): Promise<EvaluatorHealth> {
      try {
        const ep = await resolveEndpoints(AbortSignal.timeout(options.timeouts.connectMs));
        const models = await listModels(options, ep.models, AbortSignal.timeout(options.timeouts.connectMs));
        if (findModel(models, options.model)) return { ready: true, detail: `${options.model} is served at ${ep.models}` };
        const listed = models.map((m) => m.name).join(', ') || 'none';
        return { ready: false, detail: `${options.model} is not among the served models (${listed})` };
      } catch (error) {
        return { ready: false, detail: `cannot list models at ${options.baseUrl}: ${(error as Error).message}` };
      }
    },
  };
}
