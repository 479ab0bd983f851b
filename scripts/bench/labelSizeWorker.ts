// Part 3, one label size per process (run with --expose-gc and a young
// generation large enough that no collection runs inside a call). Times our
// call with the label against the same call with no label, and counts the
// memory one call allocates: heapUsed + external after the call minus before,
// with a full GC just before. With no GC inside the call that figure is
// everything the call allocated, so it bounds the call's peak from above.
// Memory is main's alone (its result is still held when it is read); the
// runtime's serialisation of the result is the platform's, not the function's.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { reportToParent } from './childWorker';
import { invoke, loadFunctionsUnderTest, measureCall, type CallCost } from './functionsUnderTest';
import { BENCH_EVENT, makeLabelHtml, orderBody } from './labelFixture';

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
  const gcInside = gcStarts.some((at) => at > startedAt && at < endedAt);
  return gcInside ? undefined : after - before;
}

async function main(): Promise<void> {
  const [labelBytes, timedCalls, memoryRepetitions] = process.argv.slice(2).map(Number);
  const functions = loadFunctionsUnderTest();
  const withLabel = orderBody(makeLabelHtml(labelBytes));
  const withoutLabel = orderBody(null);

  functions.answerWith(withLabel);
  const probe = await functions.ours(BENCH_EVENT);
  if (!probe.ok || probe.waybill.labelHtml === null || Buffer.byteLength(probe.waybill.labelHtml) !== labelBytes) {
    throw new Error(`our function did not return the ${labelBytes}-byte label`);
  }

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
    const timed = i >= warmUp;
    functions.answerWith(withLabel);
    const a = await measureCall(() => invoke(functions.ours, BENCH_EVENT));
    const c = await measureCall(() => invoke(functions.docsExample, BENCH_EVENT));
    functions.answerWith(withoutLabel);
    const b = await measureCall(() => invoke(functions.ours, BENCH_EVENT));
    if (timed) {
      samples.withLabel.push(a);
      samples.docsExampleWithLabel.push(c);
      samples.withoutLabel.push(b);
    }
  }

  functions.answerWith(withLabel);
  await allocatedBy(() => functions.ours(BENCH_EVENT)); // the first reading after the timed calls also counts their garbage going away
  for (let i = 0; i < memoryRepetitions; i++) {
    const ours = await allocatedBy(() => functions.ours(BENCH_EVENT));
    const docs = await allocatedBy(() => functions.docsExample(BENCH_EVENT));
    if (ours === undefined || docs === undefined) samples.discardedForGc++;
    else {
      samples.oursAllocated.push(ours);
      samples.docsExampleAllocated.push(docs);
    }
  }
  reportToParent(samples);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
