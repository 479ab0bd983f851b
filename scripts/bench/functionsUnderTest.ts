// The functions every measure compares, and the bench-only builds of ours:
//   BUILT_FUNCTION          the uploaded index.js (wx-server-sdk inlined)
//   DOCS_EXAMPLE_FUNCTION   the getOrder docs' example, on the SDK in node_modules
//   EXTERNAL_SDK_FUNCTION   ours with wx-server-sdk left outside, so that it runs on
//                           the same node_modules copy as the docs' example (the
//                           in-process seam patches that one copy for both)
//   NO_ATTEMPT_TIMEOUT_FUNCTION  the uploaded bundle with the per-attempt timeout
//                           stretched to the whole deadline: the tail-latency baseline
// Bench builds go to out/bench/, never beside the uploaded index.js.
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { functionBundleOptions } from '../functionBundle';

const ROOT = path.join(__dirname, '../..');
const FUNCTION_DIR = path.join(ROOT, 'cloudfunctions', 'getWaybill');
const OUT = path.join(ROOT, 'out', 'bench');

export const BUILT_FUNCTION = path.join(FUNCTION_DIR, 'index.js');
export const DOCS_EXAMPLE_FUNCTION = path.join(__dirname, 'docsExampleFunction.js');
export const EXTERNAL_SDK_FUNCTION = path.join(OUT, 'getWaybill.externalSdk.js');
export const NO_ATTEMPT_TIMEOUT_FUNCTION = path.join(OUT, 'getWaybill.noAttemptTimeout.js');

const ATTEMPT_TIMEOUT = 'return Math.max(1000, Math.round(deadlineMs * 0.45));';

/** settings.ts with attemptTimeoutFor answering the whole deadline: one attempt may use all of it, as before the per-attempt timeout. */
const noAttemptTimeoutPlugin: Plugin = {
  name: 'no-attempt-timeout',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]getWaybill[\\/]src[\\/]settings\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(ATTEMPT_TIMEOUT)) {
        return { errors: [{ text: `attemptTimeoutFor in ${args.path} changed: update the tail-latency baseline (${__filename})` }] };
      }
      return { contents: source.replace(ATTEMPT_TIMEOUT, 'return deadlineMs;'), loader: 'ts' };
    });
  },
};

/** Builds both bench variants from the same options as the uploaded bundle. */
export async function buildBenchFunctions(): Promise<void> {
  const options = functionBundleOptions(FUNCTION_DIR);
  await Promise.all([
    build({ ...options, outfile: EXTERNAL_SDK_FUNCTION, external: ['wx-server-sdk'] }),
    build({ ...options, outfile: NO_ATTEMPT_TIMEOUT_FUNCTION, plugins: [...(options.plugins ?? []), noAttemptTimeoutPlugin] }),
  ]);
}

export type CloudMain = (event: unknown) => Promise<unknown>;

// The mini-program typings also declare a global `require`; Node's own, typed, is taken explicitly.
const nodeRequire = createRequire(__filename);

/** Requires a function file (its module scope runs: cloud.init reads the environment now). */
export function loadMain(file: string): CloudMain {
  return (nodeRequire(file) as { main: CloudMain }).main;
}

/**
 * One invocation as the cloud runtime performs it: run main, then serialise its
 * result to send it back. The serialisation is counted on both sides because
 * the runtime does it inside the billed invocation, and the two functions
 * return different things (the docs' example passes WeChat's BASE64 through).
 */
export async function invoke(main: CloudMain, event: unknown): Promise<string> {
  return JSON.stringify(await main(event));
}

export interface CallCost {
  /** process.cpuUsage user + system, microseconds. */
  cpuUs: number;
  wallUs: number;
}

export async function measureCall(call: () => Promise<unknown>): Promise<CallCost> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await call();
  const cpu = process.cpuUsage(cpuStart);
  const wallUs = Number(process.hrtime.bigint() - wallStart) / 1000;
  return { cpuUs: cpu.user + cpu.system, wallUs };
}

export interface AlternatingSamples {
  /** Per block: CPU and wall time per call, averaged over the block's calls. */
  ours: CallCost[];
  docsExample: CallCost[];
}

/**
 * Blocks of calls, ours and the docs' example in ABBA order: whichever side
 * runs second in a pair gets no systematic advantage. A block is timed as a
 * whole, as a warm instance serving one function runs: its CPU includes the
 * garbage collections its calls cause, and no per-call timing is added to it.
 */
export async function alternate(
  sides: { ours: () => Promise<unknown>; docsExample: () => Promise<unknown> },
  plan: { blocks: number; callsPerBlock: number; warmUpCalls: number },
): Promise<AlternatingSamples> {
  for (let i = 0; i < plan.warmUpCalls; i++) {
    await sides.ours();
    await sides.docsExample();
  }
  const samples: AlternatingSamples = { ours: [], docsExample: [] };
  for (let block = 0; block < plan.blocks; block++) {
    const order: Array<keyof typeof sides> = block % 2 === 0 ? ['ours', 'docsExample'] : ['docsExample', 'ours'];
    for (const side of order) {
      const call = sides[side];
      const cost = await measureCall(async () => {
        for (let i = 0; i < plan.callsPerBlock; i++) await call();
      });
      samples[side].push({ cpuUs: cost.cpuUs / plan.callsPerBlock, wallUs: cost.wallUs / plan.callsPerBlock });
    }
  }
  return samples;
}
