// The functions the measurements compare, and how they are called:
//   DOCS_EXAMPLE  the getOrder docs' own example, on wx-server-sdk from node_modules: the baseline
//   BUILT         the uploaded index.js: our code with wx-server-sdk inlined
// and bench-only builds of ours (out/bench/, from the uploaded bundle's esbuild options):
//   EXTERNAL_SDK  wx-server-sdk left outside, so it loads the node_modules copy the
//                 docs' example loads (the in-process seam patches that one copy for both)
//   MINIFIED      what minifying the upload would give
//   NO_ATTEMPT_TIMEOUT  each attempt may use the whole deadline: the tail-latency baseline
//                 (an esbuild resolve hook puts wholeDeadlineAttempts.ts in callWithRetries' place)
import { build, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { functionBundleOptions } from '../functionBundle';

const FUNCTION_DIR = path.join(__dirname, '../../cloudfunctions/getWaybill');
const OUT = path.join(__dirname, '../../out/bench');
export const DOCS_EXAMPLE = path.join(__dirname, 'docsExampleFunction.js');
export const BUILT = path.join(FUNCTION_DIR, 'index.js');
export const EXTERNAL_SDK = path.join(OUT, 'getWaybill.externalSdk.js');
export const MINIFIED = path.join(OUT, 'getWaybill.minified.js');
export const NO_ATTEMPT_TIMEOUT = path.join(OUT, 'getWaybill.noAttemptTimeout.js');
const STAND_IN = path.join(__dirname, 'wholeDeadlineAttempts.ts');

export async function buildBenchFunctions(): Promise<void> {
  const options = functionBundleOptions(FUNCTION_DIR);
  let swapped = false;
  const wholeDeadlineAttempts: Plugin = {
    name: 'whole-deadline-attempts',
    setup: (pluginBuild) =>
      pluginBuild.onResolve({ filter: /[\\/]callWithRetries$/ }, ({ importer }) =>
        importer === STAND_IN ? undefined : ((swapped = true), { path: STAND_IN }),
      ),
  };
  await Promise.all([
    build({ ...options, outfile: EXTERNAL_SDK, external: ['wx-server-sdk'] }),
    build({ ...options, outfile: MINIFIED, minify: true }),
    build({ ...options, outfile: NO_ATTEMPT_TIMEOUT, plugins: [...(options.plugins ?? []), wholeDeadlineAttempts] }),
  ]);
  if (!swapped) throw new Error(`the function no longer imports callWithRetries: update the tail-latency baseline (${STAND_IN})`);
}

export type CloudMain = (event: unknown) => Promise<unknown>;

// The mini-program typings also declare a global `require`; Node's own, typed, is taken explicitly.
const nodeRequire = createRequire(__filename);

/** Requires a function file; its module scope runs now (cloud.init reads the environment). */
export const loadMain = (file: string): CloudMain => (nodeRequire(file) as { main: CloudMain }).main;

/**
 * One invocation as the cloud runtime performs it: main, then its result
 * serialised to be sent back, which the runtime does inside the billed
 * invocation (and the docs' example returns more: WeChat's BASE64 untouched).
 */
export const invoke = async (main: CloudMain, event: unknown): Promise<string> => JSON.stringify(await main(event));

export interface CallCost {
  /** process.cpuUsage, user + system. */
  cpuUs: number;
  wallUs: number;
}

export async function measureCall(call: () => Promise<unknown>): Promise<CallCost> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await call();
  const cpu = process.cpuUsage(cpuStart);
  return { cpuUs: cpu.user + cpu.system, wallUs: Number(process.hrtime.bigint() - wallStart) / 1000 };
}

export type Side = 'ours' | 'docsExample';

/**
 * Blocks of calls, ours and the docs' example in ABBA order, so that neither
 * side always runs second. A block is timed as a whole, as a warm instance
 * runs: its CPU includes the collections its calls cause. Per block: the cost per call.
 */
export async function alternate(sides: Record<Side, () => Promise<unknown>>, blocks: number, callsPerBlock: number, warmUpCalls: number) {
  for (let i = 0; i < warmUpCalls; i++) for (const call of Object.values(sides)) await call();
  const samples: Record<Side, CallCost[]> = { ours: [], docsExample: [] };
  for (let block = 0; block < blocks; block++) {
    for (const side of block % 2 === 0 ? (['ours', 'docsExample'] as const) : (['docsExample', 'ours'] as const)) {
      const cost = await measureCall(async () => {
        for (let i = 0; i < callsPerBlock; i++) await sides[side]();
      });
      samples[side].push({ cpuUs: cost.cpuUs / callsPerBlock, wallUs: cost.wallUs / callsPerBlock });
    }
  }
  return samples;
}
