import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../src/generated/generatedFiles.js';

describe('committed generated files', async () => {
  const files = await generatedFiles();
  it.each(Object.keys(files))(
    '%s is up to date (run `npm run generate` after changing its source)',
    (path) => {
      const committed = readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
      expect(committed).toBe(files[path]);
    },
  );
});
