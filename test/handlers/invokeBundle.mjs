// Invokes a bundled handler the way Lambda does: a fresh process is a cold start (the module is
// imported, its runtime built once), then each event in turn is a warm invocation.
// Usage: node invokeBundle.mjs <bundle.mjs> <events JSON array> <request id prefix>
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventsJson, prefix = 'req'] = process.argv.slice(2);
const events = JSON.parse(eventsJson);
const { handler } = await import(pathToFileURL(bundle).href);
let n = 0;
for (const event of events) {
  n += 1;
  const context = {
    awsRequestId: `${prefix}-${n}`,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => 60_000,
  };
  try {
    const result = await handler(event, context);
    writeSync(1, `@@RESULT ${JSON.stringify(result)}\n`);
  } catch (error) {
    writeSync(1, `@@ERROR ${JSON.stringify({ name: error?.name, message: error?.message })}\n`);
  }
}
