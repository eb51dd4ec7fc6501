import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('the engine and the decisions', () => {
  it('name no service: what differs is declared by the adapters', () => {
    const offending: string[] = [];
    for (const dir of ['src/control', 'src/engine']) {
      for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join(ROOT, dir, file), 'utf8');
        if (/service\s*[!=]==|[!=]==\s*service|'rekognition'|"rekognition"/.test(text))
          offending.push(`${dir}/${file}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
