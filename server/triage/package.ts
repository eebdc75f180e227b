import type { TriageMetrics } from './evaluate.js';
import type { TriageNetwork } from './network.js';
import { exportOnnx } from './onnx-export.js';
import type { TrainingSettings } from './options.js';

export interface PackageInput {
  readonly network: TriageNetwork;
  readonly settings: TrainingSettings;
  readonly metrics: TriageMetrics;
  readonly labelKey: string;
  readonly ruleIds: readonly string[];
}

/** The .onnx bytes of a trained network, with everything the plugin needs in its metadata. */
export function onnxForNetwork(input: PackageInput): Uint8Array {
  const { network, settings, metrics } = input;
  const shape = network.kind === 'mlp' ? `mlp(${network.hidden})` : 'logistic';
  return exportOnnx({
    network,
    metadata: {
      featureConfig: settings.features,
      thresholds: metrics.thresholds,
      decisionThreshold: metrics.decisionThreshold,
      labelKey: input.labelKey,
      ruleIds: input.ruleIds,
    },
    extra: [
      { key: 'arbiter.network', value: shape },
      { key: 'arbiter.validation_metrics', value: JSON.stringify(metrics) },
    ],
    docString: `Arbiter triage classifier (${shape} over hashed n-grams) predicting "${input.labelKey}".`,
  });
}
