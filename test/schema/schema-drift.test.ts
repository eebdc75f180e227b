import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../schema/print.js';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:print` after a change)', async () => {
    const committed = await readFile(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printedSchema()).toBe(committed);
  });

  it('keeps the public names of DESIGN §7', () => {
    const sdl = printedSchema();
    for (const name of ['interface Node', 'interface Error', 'enum ReasoningEffort', 'enum PolicyVersionStatus', 'type Policy implements Node',
      'type PolicyVersion implements Node', 'union CreatePolicyPayload', 'union PublishPolicyVersionPayload', 'union CreatePolicyVersionPayload']) {
      expect(sdl).toContain(name);
    }
  });
});
