/**
 * `npm run bench`: figures and ratios against named baselines measured in the same run.
 * Not a test: nothing here fails a build; the figures go into notes and the README.
 */

import { runBundleBench } from './bundleBench.js';
import { type BurstBenchResult, runBurstBench } from './burstBench.js';
import { hostileTable, runHostileBench } from './hostileBench.js';
import { runPlannerBench } from './plannerBench.js';
import { runSimulateBench, simulateFigures, simulateTable } from './simulateBench.js';
import { runZoneBench, zoneBenchLines } from './zoneBench.js';

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

console.log('');
console.log('# Time zones: candidates for the one implementation, ratios against (a) Luxon in the same run');
for (const line of zoneBenchLines(await runZoneBench())) console.log(line);

console.log('');
console.log(
  '# Functions + emulator (simulate): one week of 200 models (20 projects x 10 versions), no faults, seed 1',
);
const sim = await runSimulateBench();
const c = sim.clean;
const lfv = simulateFigures(sim);
const { windows, starts, stops } = lfv;
console.log(`  wall time: ${lfv.wallSeconds.toFixed(1)} s for ${lfv.modelDays} model-days`);
console.log(`  calls per model-day: ${lfv.callsByApi}`);
console.log(
  `  billed/planned inference-unit-hours: ${c.totals.billedInferenceUnitHours.toFixed(1)} / ${c.totals.plannedInferenceUnitHours.toFixed(1)} = ${lfv.billedToPlanned?.toFixed(4)} (goal <= 1.005)`,
);
console.log(
  `  StartModel ${starts} and StopModel ${stops} for ${windows} windows: ${lfv.startsPerWindow.toFixed(3)} and ${lfv.stopsPerWindow.toFixed(3)} per window (goal <= 1 each, plus verify calls: DescribeModel ${((c.calls.DescribeModel ?? 0) / windows).toFixed(2)} per window)`,
);
console.log(
  `  hosted outside windows: ${lfv.hostedOutsideWindowMinutes} min (${(lfv.hostedOutsideWindowMinutes / windows).toFixed(2)} per window: Scheduler delivers within the minute, mean ${c.invocations.latenessSeconds.mean} s late, then 100 ms per request); alerts: ${lfv.alerts}`,
);
console.log(
  `  calls the service turned away: throttled ${lfv.throttled}; replayed tokens ${c.callOutcomes.replayed}; duplicate deliveries ${lfv.duplicates}; dead letters ${c.deadLetters.length}`,
);
console.log('');
console.log(`# Same week with ${sim.lostOpen} lost open and ${sim.lostClose} lost close events`);
console.log(
  `  excess hosting per lost close: ${lfv.extraOutsidePerLostClose.toFixed(1)} min (goal <= 1 reconcile period = 15 min); billed/planned ${lfv.lossyBilledToPlanned?.toFixed(4)}`,
);
console.log(
  `  hosting missed per lost open: ${lfv.missedPerLostOpen.toFixed(1)} min; corrected alerts: ${lfv.correctedAlerts}`,
);
console.log(`  wall time: ${lfv.lossyWallSeconds.toFixed(1)} s`);

console.log('');
console.log(
  '# Lookout for Vision and Rekognition Custom Labels side by side: the same 200-model fleet and week (Custom Labels: 200 versions, 20 projects x 10), the same lost events, seed 1',
);
const rk = await runSimulateBench(200, 'rekognition');
const rkFigures = simulateFigures(rk);
console.log(simulateTable(lfv, rkFigures));
console.log(`  calls per model-day by API, Rekognition: ${rkFigures.callsByApi}`);

console.log('');
console.log(
  '# Burst (part 6): 1,000 models opening in the same minute, emulator quota 5 requests/s, pace 4/s per container',
);
const burstLine = (label: string, r: BurstBenchResult) => {
  console.log(`  ${label}:`);
  console.log(
    `    HOSTED ${r.hosted} of ${r.models} (goal: all); gave-up alerts ${r.gaveUp} (goal 0); dead-lettered events ${r.deadLetters} (goal 0)`,
  );
  console.log(
    `    StartModel requests per model ${r.startsPerModel.toFixed(3)} (goal <= 1.02; acted on: ${r.actedStartsPerModel.toFixed(3)}); last model started ${r.minutesToLastStart === null ? 'never' : `${r.minutesToLastStart.toFixed(1)} min`} after the edge (limit: 1,000 / 4 per s = about 4.2 min)`,
  );
  console.log(
    `    calls: ${Object.entries(r.report.calls)
      .map(([op, n]) => `${op} ${n}`)
      .join(
        ', ',
      )} (throttled ${r.report.callOutcomes.throttled}, replayed tokens ${r.report.callOutcomes.replayed}); invocations ${r.report.invocations.total} (${r.report.invocations.overTimeout} past their timeout); wall time ${r.report.wallSeconds.toFixed(1)} s`,
  );
};
burstLine('edge at 07:52, between reconcile passes', await runBurstBench(1000, '08:07'));
burstLine('edge at 07:45, in the same minute as a reconcile pass', await runBurstBench(1000, '08:00'));

console.log('');
const bundleRuns = 20;
console.log(
  `# Lambda bundles (esbuild, minified) and cold start: new process + import + handler init, as deployed (no NODE_OPTIONS), median of ${bundleRuns}`,
);
const b = await runBundleBench(bundleRuns);
console.log(`  baseline: node -e 0 = ${b.baselineMs.toFixed(1)} ms`);
for (const f of b.bundles) {
  console.log(
    `  ${f.name.padEnd(10)} ${(f.bytes / 1024).toFixed(0)} KiB (goal <= 400 KB; + ${(f.chunkBytes / 1024).toFixed(0)} KiB in lazy/)   cold start ${f.coldStartMs.toFixed(1)} ms wall, ${f.cpuMs.toFixed(1)} ms CPU = ${f.toReference.toFixed(2)}x wall, ${f.cpuToReference.toFixed(2)}x CPU of a bundle of only ${f.reference.clients.join(' + ')} (${f.reference.coldStartMs.toFixed(1)} ms, ${f.reference.cpuMs.toFixed(1)} ms CPU; goal <= 1.15x)`,
  );
}
console.log(
  `  for scale, the three SDK clients alone: ${(b.sdkOnly.bytes / 1024).toFixed(0)} KiB, ${b.sdkOnly.coldStartMs.toFixed(1)} ms = ${b.sdkOnly.ratio.toFixed(2)}x node -e 0`,
);
console.log(
  `  with NODE_OPTIONS=--enable-source-maps (not deployed): reconcile ${b.withSourceMaps.toReference.toFixed(2)}x wall, ${b.withSourceMaps.cpuToReference.toFixed(2)}x CPU of its reference with maps`,
);

console.log('');
console.log(
  '# Hostile schedule files through `lvsched validate` (goal: each <= 5 s and <= 300 MB peak RSS; models-100k valid)',
);
console.log(hostileTable(runHostileBench({ timeoutSeconds: 120 })));
