// Label size: our call (admin, in-process as in ownCode) with labels from
// 10 KB up to the largest that fits the result cap, one worker per size: the
// CPU the label itself costs per KB, and the bytes a call allocates on top of
// what the docs' example allocates for the same answer.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { benchEvent, orderBody } from './backend';
import { DOCS_EXAMPLE, EXTERNAL_SDK, invoke, loadMain, measureCall, type CallCost } from './functions';
import { answerSdkInProcess } from './inProcessSeam';
import { kib, median, ratioGoal, table, x, type Measurement } from './measurement';
import { inWorker } from './worker';

/** --expose-gc for the full collections; a 64 MB young generation, so that no collection runs inside one call. */
const NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];

/**
 * Bytes one call allocates: a full GC, then the call, then heapUsed + external
 * minus the same before. With no GC inside the call (a repetition where one
 * ran anyway is discarded) that is everything it allocated, an upper bound on its peak.
 */
async function allocatedBy(call: () => Promise<unknown>, gcStarts: readonly number[]): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10)); // external memory and GC reports come a moment later
  for (let i = 0; i < 2; i++) {
    gc();
    await settle();
  }
  const [startedAt, before] = [performance.now(), used()];
  await call();
  const [after, endedAt] = [used(), performance.now()];
  await settle();
  return gcStarts.some((at) => at > startedAt && at < endedAt) ? undefined : after - before;
}

/** `size` 0: the largest label that fits the result cap, found by binary search through our main itself. */
export async function sampleLabelSize(size: number, calls: number, memoryRepetitions: number) {
  let body: Record<string, unknown> = {};
  answerSdkInProcess(() => body);
  const ours = loadMain(EXTERNAL_SDK) as (event: unknown) => Promise<GetWaybillResult>;
  const docsExample = loadMain(DOCS_EXAMPLE);
  const event = benchEvent({ labelBytes: 1 });
  const answering = (labelBytes: number): Record<string, unknown> => (body = orderBody(String(event.orderId), labelBytes));
  const returnsLabel = async (labelBytes: number): Promise<boolean> => {
    answering(labelBytes);
    const result = await ours(event);
    return result.ok && Buffer.byteLength(result.waybill.labelHtml ?? '') === labelBytes;
  };
  let labelBytes = size;
  if (size === 0) {
    let tooBig = 2_000_000;
    for (labelBytes = 1024; tooBig - labelBytes > 1;) {
      const middle = Math.floor((labelBytes + tooBig) / 2);
      if (await returnsLabel(middle)) labelBytes = middle;
      else tooBig = middle;
    }
  }
  if (!(await returnsLabel(labelBytes))) throw new Error(`our function did not return the ${labelBytes}-byte label`);

  const [withLabel, withoutLabel] = [orderBody(String(event.orderId), labelBytes), orderBody(String(event.orderId), 0)];
  const costs: Record<'ours' | 'noLabel' | 'docsExample', CallCost[]> = { ours: [], noLabel: [], docsExample: [] };
  const warmUp = Math.min(20, calls);
  for (let i = 0; i < warmUp + calls; i++) {
    body = withLabel;
    const [a, c] = [await measureCall(() => invoke(ours, event)), await measureCall(() => invoke(docsExample, event))];
    body = withoutLabel;
    const b = await measureCall(() => invoke(ours, event));
    if (i >= warmUp) [costs.ours, costs.docsExample, costs.noLabel].forEach((list, k) => list.push([a, c, b][k]));
  }

  // Memory is main's alone: serialising the result is the platform's work.
  body = withLabel;
  const gcStarts: number[] = [];
  new PerformanceObserver((list) => gcStarts.push(...list.getEntries().map((entry) => entry.startTime))).observe({ entryTypes: ['gc'] });
  await allocatedBy(() => ours(event), gcStarts); // the first reading also counts the timed calls' garbage going away
  const allocated: Record<'ours' | 'docsExample', number[]> = { ours: [], docsExample: [] };
  for (let i = 0; i < memoryRepetitions; i++) {
    const [oursBytes, docsBytes] = [await allocatedBy(() => ours(event), gcStarts), await allocatedBy(() => docsExample(event), gcStarts)];
    if (oursBytes === undefined || docsBytes === undefined) continue;
    allocated.ours.push(oursBytes);
    allocated.docsExample.push(docsBytes);
  }
  const cpu = (side: keyof typeof costs): number => median(costs[side].map((cost) => cost.cpuUs));
  const allocatedMedian = { ours: median(allocated.ours), docsExample: median(allocated.docsExample) };
  return {
    labelBytes,
    calls,
    cpu: { ours: cpu('ours'), noLabel: cpu('noLabel'), docsExample: cpu('docsExample') },
    allocated: allocatedMedian,
  };
}

export const labelSize: Measurement = async ({ quick, cloudEnv, step }) => {
  const rows = [];
  for (const size of quick ? [10 * 1024, 0] : [10 * 1024, 100 * 1024, 500 * 1024, 0]) {
    step(`label size: ${size === 0 ? 'the largest that fits' : kib(size)}`);
    // Enough calls for a stable median without letting the big labels take minutes.
    const calls = quick ? 2 : size === 10 * 1024 ? 300 : size === 100 * 1024 ? 100 : 30;
    const sample = await inWorker(__filename, sampleLabelSize, [size, calls, quick ? 2 : 7], { nodeFlags: NODE_FLAGS, env: cloudEnv });
    const perKb = (sample.cpu.ours - sample.cpu.noLabel) / (sample.labelBytes / 1024);
    rows.push({ ...sample, perKb, added: (sample.allocated.ours - sample.allocated.docsExample) / sample.labelBytes });
  }
  const perKbSpread = Math.max(...rows.map((row) => row.perKb)) / Math.min(...rows.map((row) => row.perKb));
  const largest = rows[rows.length - 1];
  return {
    title: 'Label size',
    summary: [
      ratioGoal(`label cost per KB, ${kib(rows[0].labelBytes)} to ${kib(largest.labelBytes)}, largest / smallest`, perKbSpread, 1.5),
      ratioGoal('memory our code adds per label byte (worst size, 10 KB up)', Math.max(...rows.map((row) => row.added)), 4, '<'),
    ],
    body: [
      `Our call (admin, in-process as in the section above) with labels of each size, one worker process per size. CPU per KB is (CPU with the label − CPU of the same call with no label) / label KB, medians over the calls. The largest label that fits the result cap (MAX_RESULT_BYTES, found by binary search through our main) is ${largest.labelBytes} bytes. Memory: a full GC, then one call, then heapUsed + external minus the same before, with the young generation set to 64 MB so that no GC runs inside the call (repetitions where one did are discarded): every byte the call allocated, an upper bound on its peak. "Added" is ours minus the docs' example's for the same answer: what our code allocates on top of the SDK.`,
      table(
        'label | calls | CPU µs | no label µs | docs example µs | CPU µs per KB | allocated | docs example allocated | added per label byte',
        rows.map(
          ({ cpu, allocated, ...r }) =>
            `${kib(r.labelBytes)} | ${r.calls} | ${[cpu.ours, cpu.noLabel, cpu.docsExample].map((us) => us.toFixed(0)).join(' | ')} | ${r.perKb.toFixed(2)} | ${kib(allocated.ours)} | ${kib(allocated.docsExample)} | ${x(r.added)}`,
        ),
      ),
      `CPU per KB stays flat because the label is decoded in one pass: UTF-8 through ICU's \`buffer.transcode\` on Node 18.14+ (identical output to the fatal TextDecoder, checked by property tests in test/function/decodeLabel.test.ts), the fatal TextDecoder on Node 12 and 16, where transcode is no faster. What our code allocates for the label: the decoded bytes, the UTF-16 buffer transcode builds (garbage once the string is made) and the string (two bytes per character). At small sizes the call's fixed allocations (the retry and timeout promises and timer, the async frames, the snake_case copy of the answer, the JSON of the result measured for the cap, the log line) weigh more per label byte. Transcode is kept although it allocates more: a call is billed for its duration at the configured memory, not for what it allocates, and a call at the cap allocates ${kib(largest.allocated.ours)}, against the 256 MB a function gets by default.`,
    ].join('\n\n'),
  };
};
