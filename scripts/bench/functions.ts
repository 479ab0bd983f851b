// The functions compared, and how they are called. DOCS_EXAMPLE, the baseline: the getOrder docs' example on wx-server-sdk from node_modules;
// BUILT and PUSH the uploaded index.js files. Bench-only builds (out/bench/): EXTERNAL_SDK loads the SDK copy the docs' example loads (which
// answerSdkInProcess patches for both); MINIFIED; NO_ATTEMPT_TIMEOUT, with wholeDeadlineAttempts.ts in callWithRetries' place.
import { build, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { functionBundleOptions } from '../functionBundle';

const FUNCTION_DIR = path.join(__dirname, '../../cloudfunctions/getWaybill');
const OUT = path.join(__dirname, '../../out/bench');
export const DOCS_EXAMPLE = path.join(__dirname, 'docsExampleFunction.js');
export const BUILT = path.join(FUNCTION_DIR, 'index.js');
export const PUSH = path.join(__dirname, '../../cloudfunctions/waybillPush/index.js');
export const EXTERNAL_SDK = path.join(OUT, 'getWaybill.externalSdk.js');
export const MINIFIED = path.join(OUT, 'getWaybill.minified.js');
export const NO_ATTEMPT_TIMEOUT = path.join(OUT, 'getWaybill.noAttemptTimeout.js');
const STAND_IN = path.join(__dirname, 'wholeDeadlineAttempts.ts');
export const FUNCTIONS_MODULE = __filename; // for inWorker(FUNCTIONS_MODULE, timeCalls, ...)

export async function buildBenchFunctions(): Promise<void> {
  const options = functionBundleOptions(FUNCTION_DIR);
  let swapped: string | undefined; // every import of callWithRetries but the stand-in's own import of the real module
  const toStandIn = ({ importer }: { importer: string }) => (importer === STAND_IN ? undefined : { path: (swapped = STAND_IN) });
  const swap: Plugin = { name: 'whole-deadline-attempts', setup: (on) => on.onResolve({ filter: /[\\/]callWithRetries$/ }, toStandIn) };
  await Promise.all([
    build({ ...options, outfile: EXTERNAL_SDK, external: ['wx-server-sdk'] }),
    build({ ...options, outfile: MINIFIED, minify: true }),
    build({ ...options, outfile: NO_ATTEMPT_TIMEOUT, plugins: [...(options.plugins ?? []), swap] }),
  ]);
  if (!swapped) throw new Error(`the function no longer imports callWithRetries: update the tail-latency baseline (${STAND_IN})`);
}

export type CloudMain = (event: unknown) => Promise<unknown>;
const NODE_REQUIRE = createRequire(__filename); // Node's require, typed (the mini-program typings declare another)
/** Requires a function file: its module scope runs now (cloud.init reads the environment). */
export const loadMain = (file: string): CloudMain => (NODE_REQUIRE(file) as { main: CloudMain }).main;
/** One invocation as the cloud runtime performs it: main, then its result serialised to be sent back, inside the billed invocation. */
export const invoke = async (main: CloudMain, event: unknown): Promise<string> => JSON.stringify(await main(event));
export type CallCost = { cpuUs: number; wallUs: number };

type Plan = Record<'blocks' | 'perBlock' | 'warmUp', number>;
// Blocks of each side in turn, reversed every other block (ABBA); a block timed as a whole (its CPU has its collections): cost per call.
export async function alternate<S extends string>(sides: Record<S, () => Promise<unknown>>, plan: Plan) {
  const names = Object.keys(sides) as S[];
  for (let i = 0; i < plan.warmUp; i++) for (const name of names) await sides[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as CallCost[]])) as Record<S, CallCost[]>;
  for (let block = 0; block < plan.blocks; block++)
    for (const name of block % 2 === 0 ? names : [...names].reverse()) {
      const [wallStart, cpuStart] = [process.hrtime.bigint(), process.cpuUsage()];
      for (let i = 0; i < plan.perBlock; i++) await sides[name]();
      const [cpu, wallUs] = [process.cpuUsage(cpuStart), Number(process.hrtime.bigint() - wallStart) / 1000];
      samples[name].push({ cpuUs: (cpu.user + cpu.system) / plan.perBlock, wallUs: wallUs / plan.perBlock });
    }
  return samples;
}

/** @public (a worker runs it by name): `file`'s main called with each event, `concurrency` at a time after an untimed warm-up call; wall time and outcome of each. */
export async function timeCalls(file: string, warmUp: object, events: object[], concurrency: number) {
  const main = loadMain(file) as (event: unknown) => Promise<GetWaybillResult>;
  await main(warmUp);
  const timed = async (event: object) => {
    const started = process.hrtime.bigint();
    const result = await main(event);
    const outcome = result.ok ? (result.waybill.track?.available === true ? 'OK with track' : 'OK') : result.error.code;
    return { outcome, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
  };
  const samples = [];
  for (let start = 0; start < events.length; start += concurrency)
    samples.push(...(await Promise.all(events.slice(start, start + concurrency).map(timed))));
  return samples;
}

// The in-process seam: wx-server-sdk's one network call for an open API (CloudBase#callCompatibleWxOpenApi) answers body(), encoded.
export function answerSdkInProcess(body: () => Record<string, unknown>): void {
  const sdkDir = path.dirname(NODE_REQUIRE.resolve('wx-server-sdk'));
  NODE_REQUIRE('wx-server-sdk'); // registers the protobuf message types
  const fromSdk = (request: string): unknown => NODE_REQUIRE(NODE_REQUIRE.resolve(request, { paths: [sdkDir] }));
  type Sdk = { CloudBase: { prototype: { callCompatibleWxOpenApi: () => Promise<Buffer> } } };
  const { CloudBase } = fromSdk('@cloudbase/node-sdk/dist/cloudbase') as Sdk;
  type Message = { encode(message: object): { finish(): Uint8Array } };
  const { CommOpenApiResp } = (fromSdk('protobufjs/minimal') as { roots: { default: Record<string, Message> } }).roots.default;
  CloudBase.prototype.callCompatibleWxOpenApi = async () =>
    Buffer.from(CommOpenApiResp.encode({ respData: Buffer.from(JSON.stringify(body())), contentType: 'application/json' }).finish());
}
