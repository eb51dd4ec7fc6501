/**
 * `npm run bench`: figures and ratios against named baselines measured in the same run.
 * Not a test: nothing here fails a build; the figures go into notes and the README.
 */
import { runPlannerBench } from './plannerBench.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log('# Planner: windows of 10,000 models over 365 days');
const p = runPlannerBench();
console.log(
  `  edges: ${fmt(p.edges)} in ${p.seconds.toFixed(2)} s -> ${fmt(p.edgesPerSecond)} edges/s (goal >= 1,000,000)`,
);
console.log(
  `  baseline cron-parser (same instants, ${p.cronSampleModels} models): ${fmt(p.cronEdgesPerSecond)} edges/s; ratio ${p.ratio.toFixed(0)}x (goal >= 100x)`,
);
console.log(`  planner and cron-parser instants agree on the sample: ${p.instantsAgree ? 'yes' : 'NO'}`);
