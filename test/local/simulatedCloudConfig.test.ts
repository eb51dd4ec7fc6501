/**
 * The simulated Lambda (timeouts, retries of a failed async invocation) must be the deployed one:
 * its figures are read here from serverless.yml, so an edit of either side that the other lacks fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { FUNCTION_RETRIES, FUNCTION_TIMEOUT_MS } from '../../src/local/simulatedCloud.js';

const doc = parseDocument(readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8'), {
  // CloudFormation's short forms (!GetAtt, !Ref, ...) are kept as plain values here.
  customTags: ['GetAtt', 'Ref', 'Sub', 'Join', 'If', 'Equals', 'Not', 'Select', 'Split'].flatMap((t) => [
    { tag: `!${t}`, resolve: (v: string) => v },
    { tag: `!${t}`, collection: 'seq' as const, resolve: (v: unknown) => v },
  ]),
});
const config = doc.toJS() as {
  provider: { timeout?: number };
  functions: Record<string, { timeout?: number; maximumRetryAttempts?: number }>;
};

describe('the simulated Lambda', () => {
  it.each(['open', 'close', 'verify', 'reconcile'] as const)(
    '%s has the timeout and retries of serverless.yml',
    (fn) => {
      const f = config.functions[fn];
      expect(f).toBeDefined();
      expect(FUNCTION_TIMEOUT_MS[fn]).toBe((f?.timeout ?? config.provider.timeout ?? 6) * 1000);
      expect(FUNCTION_RETRIES[fn]).toBe(f?.maximumRetryAttempts ?? 2);
    },
  );
});
