// Label size: the CPU a label costs per KB, and what a call allocates on top of the docs' example, 10 KB up to the cap.
import { GCProfiler } from 'node:v8';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { benchEvent, orderBody } from './backend';
import { alternate, answerSdkInProcess, DOCS_EXAMPLE, EXTERNAL_SDK, invoke, loadMain, type CloudMain } from './functions';
import { kib, median, ratioGoal, section, table, x, type Measurement } from './measurement';
import { inWorker } from './worker';

/** --expose-gc for full collections; a 64 MB young generation, so that no collection runs inside one call. */
const NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];
const HEAD =
  'label | calls | CPU µs | no label µs | docs example µs | CPU µs per KB | allocated | docs example allocated | added per label byte';

// Bytes one call allocates (heapUsed + external after a full GC and the call, minus before); undefined if a GC ran inside it.
async function allocatedBy(call: () => Promise<unknown>): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10)); // external memory is freed a moment after its GC
  await settle().then(gc).then(settle).then(gc).then(settle);
  const [collections, before] = [new GCProfiler(), used()];
  collections.start();
  await call();
  const after = used();
  return collections.stop().statistics.length > 0 ? undefined : after - before;
}

/** @public (a worker runs it by name) `size` 0: the largest label that fits the result cap, found by binary search through our main. */
export async function sampleLabelSize(size: number, calls: number, memoryRepetitions: number) {
  let body: Record<string, unknown> = {};
  answerSdkInProcess(() => body);
  const ours = loadMain(EXTERNAL_SDK) as (event: unknown) => Promise<GetWaybillResult>;
  const docsExample = loadMain(DOCS_EXAMPLE);
  const event = benchEvent({ labelBytes: size });
  const withLabel = (bytes: number) => {
    body = orderBody(String(event.orderId), bytes);
    return event;
  };
  const returnsLabel = async (bytes: number): Promise<boolean> => {
    const result = await ours(withLabel(bytes));
    return result.ok && Buffer.byteLength(result.waybill.labelHtml ?? '') === bytes;
  };
  let [labelBytes, tooBig] = size === 0 ? [1024, 2_000_000] : [size, size + 1];
  while (tooBig - labelBytes > 1) {
    const middle = Math.floor((labelBytes + tooBig) / 2);
    if (await returnsLabel(middle)) labelBytes = middle;
    else tooBig = middle;
  }
  if (!(await returnsLabel(labelBytes))) throw new Error(`our function did not return the ${labelBytes}-byte label`);
  // One call of each side in turn (blocks of one call, ABBA), with the label or without it.
  const calling = (main: CloudMain, bytes: number) => () => invoke(main, withLabel(bytes));
  const sides = { ours: calling(ours, labelBytes), docsExample: calling(docsExample, labelBytes), noLabel: calling(ours, 0) };
  const costs = await alternate(sides, { blocks: calls, perBlock: 1, warmUp: Math.min(20, calls) });
  const cpu = (side: keyof typeof sides): number => median(costs[side].map((cost) => cost.cpuUs));
  // Memory is main's alone: serialising the result is the platform's work.
  withLabel(labelBytes);
  await allocatedBy(() => ours(event)); // the first reading also counts the timed calls' garbage going away
  const pairs = [];
  for (let i = 0; i < memoryRepetitions; i++)
    pairs.push([await allocatedBy(() => ours(event)), await allocatedBy(() => docsExample(event))]);
  const kept = pairs.filter((pair): pair is number[] => !pair.includes(undefined));
  const allocated = { ours: median(kept.map((pair) => pair[0])), docsExample: median(kept.map((pair) => pair[1])) };
  return { labelBytes, cpu: { ours: cpu('ours'), noLabel: cpu('noLabel'), docsExample: cpu('docsExample') }, allocated };
}

export const labelSize: Measurement = async ({ quick, cloudEnv, step }) => {
  const rows = [];
  for (const size of quick ? [10 * 1024] : [10 * 1024, 100 * 1024, 500 * 1024, 0]) {
    step(`labelSize: ${size === 0 ? 'the largest label that fits' : kib(size)}`);
    // Enough calls for a stable median without letting the big labels take minutes.
    const calls = quick ? 1 : size === 10 * 1024 ? 300 : size === 100 * 1024 ? 100 : 30;
    const options = { nodeFlags: NODE_FLAGS, env: cloudEnv };
    const { labelBytes, cpu, allocated } = await inWorker(__filename, sampleLabelSize, [size, calls, quick ? 3 : 15], options);
    const perKb = (cpu.ours - cpu.noLabel) / (labelBytes / 1024);
    const added = (allocated.ours - allocated.docsExample) / labelBytes;
    const cpuCells = [cpu.ours, cpu.noLabel, cpu.docsExample].map((us) => us.toFixed(0)).join(' | ');
    const cells = `${kib(labelBytes)} | ${calls} | ${cpuCells} | ${perKb.toFixed(2)} | ${kib(allocated.ours)} | ${kib(allocated.docsExample)} | ${x(added)}`;
    rows.push({ labelBytes, perKb, added, allocated, cells });
  }
  const perKbSpread = Math.max(...rows.map((row) => row.perKb)) / Math.min(...rows.map((row) => row.perKb));
  const largest = rows[rows.length - 1];
  return section(
    'Label size',
    [
      ratioGoal(`label cost per KB, ${kib(rows[0].labelBytes)} to ${kib(largest.labelBytes)}, largest / smallest`, perKbSpread, 1.5),
      ratioGoal('memory our code adds per label byte (worst size, 10 KB up)', Math.max(...rows.map((row) => row.added)), 4, '<'),
    ],
    `Our call (admin, in-process as in the section above) with labels of each size, one worker process per size. CPU per KB is (CPU with the label − CPU of the same call with no label) / label KB, medians over the calls. The largest label that fits the result cap (MAX_RESULT_BYTES, found by binary search through our main) is ${largest.labelBytes} bytes. Memory: a full GC, then one call, then heapUsed + external minus the same before, with the young generation set to 64 MB so that no GC runs inside the call (repetitions where one did are discarded): every byte the call allocated, an upper bound on its peak. "Added" is ours minus the docs' example's for the same answer: what our code allocates on top of the SDK.`,
    table(HEAD, rows),
    `CPU per KB stays flat because the label is decoded in one pass: UTF-8 through ICU's \`buffer.transcode\` on Node 18.14+ (identical output to the fatal TextDecoder, checked by property tests in test/function/decodeLabel.test.ts), the fatal TextDecoder on Node 12 and 16, where transcode is no faster. Transcode also refuses bytes that are not UTF-8, so no separate check pass is made. What our code allocates for the label: the UTF-16 buffer transcode builds (garbage once the string is made) and the string (two bytes per character); the decoded bytes go into one buffer an instance keeps and reuses (grown to the largest label yet, at most the cap), not counted here once it has grown. At small sizes the call's fixed allocations (the retry and timeout promises and timers, the async frames, the snake_case copy of the answer, the JSON of the result measured for the cap, the log line) weigh more per label byte, and this figure varies most between runs. Transcode is kept although it allocates more: a call is billed for its duration at the configured memory, not for what it allocates, and a call at the cap allocates ${kib(largest.allocated.ours)}, against the 256 MB a function gets by default.`,
  );
};
