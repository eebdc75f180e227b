import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed documents of the client SDK (sdk/client), generated from the committed schema with
 * graphql-codegen's client preset. Run `npm run codegen` after a schema change; the output is
 * committed and test/sdk/client/codegen-drift.test.ts fails when it is stale.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['sdk/client/operations.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'sdk/client/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        emitLegacyCommonJSImports: false,
        documentMode: 'documentNode',
      },
    },
  },
};

export default config;
