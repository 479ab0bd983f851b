// The in-process measures, one process each: our function (EXTERNAL_SDK_FUNCTION)
// and the docs' example on the same wx-server-sdk copy, whose network call
// answers at once in-process, so that what differs is our own code.
//   ownCpu <blocks> <callsPerBlock> <warmUpCalls>   CPU per call, 10 KB label, ABBA blocks
//   labelSize <labelBytes> <calls> <memoryRepetitions>
//       CPU with the label against the same call without it, and the bytes one
//       call allocates (run with --expose-gc and a young generation large
//       enough that no collection runs inside a call: heapUsed + external after
//       the call minus before, with a full GC just before, is then everything
//       the call allocated, an upper bound on its peak; repetitions where a GC
//       ran anyway are discarded). Memory is main's alone; serialising the
//       result is the platform's work.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { cloudRuntimeEnv } from '../../emulator/cloudCallCodec';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { BENCH_ADMIN, benchEvent, orderBody } from './benchBackend';
import { reportToParent, runWorkerMain } from './childWorker';
import {
  alternate,
  DOCS_EXAMPLE_FUNCTION,
  EXTERNAL_SDK_FUNCTION,
  invoke,
  loadMain,
  measureCall,
  type AlternatingSamples,
  type CallCost,
} from './functionsUnderTest';
import { answerSdkInProcess } from './inProcessSeam';

export interface LabelSizeSamples {
  labelBytes: number;
  withLabel: CallCost[];
  withoutLabel: CallCost[];
  docsExampleWithLabel: CallCost[];
  /** Bytes allocated by one call (heapUsed + external), per repetition. */
  oursAllocated: number[];
  docsExampleAllocated: number[];
  /** Repetitions thrown away because a GC ran inside the call anyway. */
  discardedForGc: number;
}

let answer: Record<string, unknown> = {};

function loadBoth(): { ours: (event: unknown) => Promise<GetWaybillResult>; docsExample: (event: unknown) => Promise<unknown> } {
  // The endpoint is never reached (the seam answers); TENCENTCLOUD_RUNENV keeps cloud.init from probing for one.
  Object.assign(process.env, cloudRuntimeEnv('http://127.0.0.1:9/unused', { openid: BENCH_ADMIN }), { WAYBILL_ADMIN_OPENIDS: BENCH_ADMIN });
  answerSdkInProcess(() => answer);
  return {
    ours: loadMain(EXTERNAL_SDK_FUNCTION) as (event: unknown) => Promise<GetWaybillResult>,
    docsExample: loadMain(DOCS_EXAMPLE_FUNCTION),
  };
}

async function expectLabel(ours: (event: unknown) => Promise<GetWaybillResult>, event: unknown, labelBytes: number): Promise<void> {
  const result = await ours(event);
  if (!result.ok || result.waybill.labelHtml === null || Buffer.byteLength(result.waybill.labelHtml) !== labelBytes) {
    throw new Error(`our function did not return the ${labelBytes}-byte label: ${JSON.stringify(result).slice(0, 200)}`);
  }
}

async function ownCpu(
  blocks: number,
  callsPerBlock: number,
  warmUpCalls: number,
): Promise<AlternatingSamples & { labelBytes: number; callsPerBlock: number }> {
  const labelBytes = 10 * 1024;
  const { ours, docsExample } = loadBoth();
  const event = benchEvent({ labelBytes });
  answer = orderBody(String(event.orderId), labelBytes);
  await expectLabel(ours, event, labelBytes);
  const samples = await alternate(
    { ours: () => invoke(ours, event), docsExample: () => invoke(docsExample, event) },
    { blocks, callsPerBlock, warmUpCalls },
  );
  return { ...samples, labelBytes, callsPerBlock };
}

const gc = (globalThis as { gc?: () => void }).gc;
const gcStarts: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });

const used = (): number => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external;
};

/** The observer reports GCs some time after they ran: give it a moment before looking. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

async function allocatedBy(call: () => Promise<unknown>): Promise<number | undefined> {
  if (gc === undefined) throw new Error('run with --expose-gc');
  gc();
  await settle(); // external memory is released after the GC, off the main thread
  gc();
  await settle();
  const startedAt = performance.now();
  const before = used();
  const result = await call();
  const after = used();
  const endedAt = performance.now();
  await settle();
  if (result === undefined) throw new Error('the call returned nothing');
  return gcStarts.some((at) => at > startedAt && at < endedAt) ? undefined : after - before;
}

async function labelSize(labelBytes: number, timedCalls: number, memoryRepetitions: number): Promise<LabelSizeSamples> {
  const { ours, docsExample } = loadBoth();
  const event = benchEvent({ labelBytes });
  const withLabel = orderBody(String(event.orderId), labelBytes);
  const withoutLabel = orderBody(String(event.orderId), 0);
  answer = withLabel;
  await expectLabel(ours, event, labelBytes);

  const samples: LabelSizeSamples = {
    labelBytes,
    withLabel: [],
    withoutLabel: [],
    docsExampleWithLabel: [],
    oursAllocated: [],
    docsExampleAllocated: [],
    discardedForGc: 0,
  };
  const warmUp = Math.min(20, timedCalls);
  for (let i = 0; i < warmUp + timedCalls; i++) {
    answer = withLabel;
    const a = await measureCall(() => invoke(ours, event));
    const c = await measureCall(() => invoke(docsExample, event));
    answer = withoutLabel;
    const b = await measureCall(() => invoke(ours, event));
    if (i >= warmUp) {
      samples.withLabel.push(a);
      samples.docsExampleWithLabel.push(c);
      samples.withoutLabel.push(b);
    }
  }

  answer = withLabel;
  await allocatedBy(() => ours(event)); // the first reading after the timed calls also counts their garbage going away
  for (let i = 0; i < memoryRepetitions; i++) {
    const oursBytes = await allocatedBy(() => ours(event));
    const docsBytes = await allocatedBy(() => docsExample(event));
    if (oursBytes === undefined || docsBytes === undefined) samples.discardedForGc++;
    else {
      samples.oursAllocated.push(oursBytes);
      samples.docsExampleAllocated.push(docsBytes);
    }
  }
  return samples;
}

runWorkerMain(async () => {
  const [mode, ...args] = process.argv.slice(2);
  const [a, b, c] = args.map(Number);
  if (mode === 'ownCpu') reportToParent(await ownCpu(a, b, c));
  else if (mode === 'labelSize') reportToParent(await labelSize(a, b, c));
  else throw new Error(`unknown mode ${mode}`);
});
