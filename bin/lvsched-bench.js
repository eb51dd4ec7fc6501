#!/usr/bin/env node
// Runs the benchmarks (bench/*.ts) through tsx; see bench/README in the project README's Develop section.
import { register } from 'tsx/esm/api';

register();
await import('../bench/main.ts');
