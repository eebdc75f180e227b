/** The plugin's version, reported as `evaluator.version`. */
export const PLUGIN_VERSION = '0.1.0';
