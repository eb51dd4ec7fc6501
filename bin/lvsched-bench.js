#!/usr/bin/env node
// Runs the benchmarks (bench/*.ts) through tsx; see bench/README in the project README's Develop section.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../bench/main.ts');
