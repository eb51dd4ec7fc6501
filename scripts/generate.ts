/**
 * Writes the generated files that are committed: the service constraints the schedule validator
 * needs (from aws-models/*.json) and config/schedule.schema.json (from the zod schema).
 * Run with `npm run generate`; test/generated.test.ts fails when a committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { generatedFiles } from '../src/generated/generatedFiles.js';

for (const [path, text] of Object.entries(await generatedFiles())) {
  writeFileSync(new URL(`../${path}`, import.meta.url), text);
  console.log(`wrote ${path}`);
}
