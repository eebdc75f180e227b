import { writeFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from './index.js';

/** The SDL as committed in schema/schema.graphql. */
export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(new URL('./schema.graphql', import.meta.url), printedSchema());
  console.log('wrote schema/schema.graphql');
}
