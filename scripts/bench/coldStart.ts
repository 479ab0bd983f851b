// Part 1: a cold start is a fresh Node process loading the function. Each run
// spawns one, times it from spawn to exit, and also asks the child how long its
// require() took (the part the function's code can change; Node's own boot is
// the same for everyone). Variants are interleaved so the machine's mood hits
// all of them alike.
import { spawnSync } from 'node:child_process';
import { BUILT_FUNCTION, DOCS_EXAMPLE_FUNCTION } from './functionsUnderTest';
import { median, spread, type Spread } from './stats';

export interface ColdStartVariant {
  name: string;
  /** What the fresh process requires. */
  module: string;
}

export const COLD_START_VARIANTS: readonly ColdStartVariant[] = [
  { name: 'wx-server-sdk alone (baseline)', module: 'wx-server-sdk' },
  { name: "docs' example (SDK + cloud.init)", module: DOCS_EXAMPLE_FUNCTION },
  { name: 'getWaybill (built index.js)', module: BUILT_FUNCTION },
];

export interface ColdStartRow {
  name: string;
  processMs: Spread;
  requireMs: Spread;
  /** Median process time against the baseline's, and the median of per-round ratios. */
  ratio: number;
  requireRatio: number;
}

const CHILD_SCRIPT = `
const started = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
`;

function runOnce(module: string): { processMs: number; requireMs: number } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', CHILD_SCRIPT, module], { encoding: 'utf8', cwd: __dirname });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`cold start of ${module} failed: ${child.stderr}`);
  return { processMs, requireMs: Number(child.stdout) };
}

export function measureColdStart(runs: number, variants: readonly ColdStartVariant[] = COLD_START_VARIANTS): ColdStartRow[] {
  const processMs = variants.map((): number[] => []);
  const requireMs = variants.map((): number[] => []);
  runOnce(variants[0].module); // fill the OS file cache before anything is timed
  for (let round = 0; round < runs; round++) {
    // Rotate the order each round so no variant always runs right after another.
    for (let k = 0; k < variants.length; k++) {
      const index = (round + k) % variants.length;
      const sample = runOnce(variants[index].module);
      processMs[index].push(sample.processMs);
      requireMs[index].push(sample.requireMs);
    }
  }
  return variants.map((variant, index) => ({
    name: variant.name,
    processMs: spread(processMs[index]),
    requireMs: spread(requireMs[index]),
    ratio: median(processMs[index]) / median(processMs[0]),
    requireRatio: median(requireMs[index]) / median(requireMs[0]),
  }));
}
