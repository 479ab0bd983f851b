// BENCHMARKS.md: the figures, the goals they are held to, and how they were
// taken. Ratios are the result; absolute times depend on the machine's mood.
import type { ColdStartRow } from './coldStart';
import type { LabelSizeRow } from './labelSize';
import type { Machine } from './machine';
import type { PagePayloadRow } from './pagePayload';
import { fixed, kib, type Spread } from './stats';
import type { WarmCallResult } from './warmCall';

export interface BenchReport {
  quick: boolean;
  machine: Machine;
  coldStart: ColdStartRow[];
  warmCall: WarmCallResult;
  labelSize: LabelSizeRow[];
  largestLabelBytes: number;
  pagePayload: PagePayloadRow[];
  seconds: number;
}

export const GOALS = { coldStartRatio: 1.05, warmCpuRatio: 1.3, perKbSpread: 2, addedMemoryPerLabel: 4, pagePayloadRatio: 1.1 } as const;

const verdict = (met: boolean): string => (met ? 'met' : '**missed**');
const ms = (s: Spread): string => `${fixed(s.median, 0)} (${fixed(s.p25, 0)}–${fixed(s.p75, 0)})`;
const us = (s: Spread): string => `${fixed(s.median, 0)} (${fixed(s.p25, 0)}–${fixed(s.p75, 0)})`;
const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** Time per KB across sizes: largest over smallest (the goal is within 2x). */
export function perKbSpread(rows: readonly LabelSizeRow[]): number {
  const perKb = rows.map((row) => row.cpuUsPerKb);
  return Math.max(...perKb) / Math.min(...perKb);
}

// Why a goal is missed, from profiles (node --cpu-prof) taken while writing the benchmark.
// Kept with the report so a re-run on a quiet machine carries the explanation along.
const NOTES = `## Notes

**Cold start.** Our function costs what the docs' example costs: both are wx-server-sdk plus \`cloud.init\`, and the 34 KB bundle adds a few milliseconds at most. The gap to "wx-server-sdk alone" is \`cloud.init\`: about 25 ms of synchronous set-up, then @cloudbase/node-sdk's \`preflightRuntimeCloudPlatform\` → \`lookupAppId\`, an HTTP request to the Tencent Cloud metadata service with a 30 ms timeout that keeps a process alive until it answers or times out (off Tencent Cloud it always times out; the SDK's own comment says it usually answers within 10 ms in the cloud). The function initialises the SDK with \`cloud.init\` at module scope, as every function on wx-server-sdk does and the docs prescribe, so against "SDK alone" the ratio sits at 1.04x to 1.09x from run to run, on either side of the 1.05x goal; against the docs' example, the fair baseline for a function, it is about 1.0x. The "require" column (the child's own timing, without Node's boot and exit) shows the same.

**Warm call.** Profiles (\`node --cpu-prof\`, 3,000 calls with a 10 KB label, ours against the docs' example) put our extra CPU, per call, in: the UTF-8 decode of the label (about 40 to 60 µs: V8 building a string from 10 KB of mixed Chinese and ASCII), the log line (\`console.log\` to stdout, 35 to 100 µs, the most variable part), \`cloud.getWXContext()\` (about 15 µs: it reads several environment variables), and the async layers and deadline timer around the SDK call. Three fixes came out of the profiles, each committed with its before/after: BASE64 is checked by the decoded length instead of a regex scan, the result cap is measured once (in toWaybill) and, for labels far under the cap, by a bound instead of a count, and UTF-8 is checked with \`buffer.isUtf8\` where Node has it; together 1.80x → 1.41x. Without the log line the ratio is about 1.26x. What is left is what the contract asks for (decoded HTML, one log line per call, the caller's identity): meeting 1.3x with the log line would mean sending BASE64 to the page and decoding there, a contract change.

**Log line.** Measured, not muted: the workers' stdout is /dev/null, so each call formats and writes its line as it would to the cloud's stdout log. The docs' example logs nothing; that difference is part of our cost.

**Label size.** CPU per KB subtracts the same call without a label, measured in the same process, alternating. At 1 KB that difference is a few dozen microseconds, close to the noise of a call on a shared machine, so the 1 KB per-KB figure is the least reliable; the larger sizes show whether the cost grows linearly (the summary gives both the strict figure over all sizes and the one from 10 KB up). Likewise for memory: every call allocates about 10 KB whatever the label (the log line, the result, promises), so at 1 KB the "added" multiple measures that, not the label. Memory counts every byte a call allocates (an upper bound on its peak: there is no way to read the peak of synchronous work from inside it). wx-server-sdk alone allocates several times the label (protobuf bytes, the JSON text, json-bigint's parse, camelCase copies), the same for any function, so the memory goal is held against what our code adds on top of the docs' example: the BASE64 buffer, the decoded string (two bytes per character when the label has Chinese in it, which real labels do) and the decoder's working copy.

**Page payload.** With a label, the rich-text nodes dominate and the JSON framing is a few percent. When the label is withheld (an ordinary user, not an admin), the page receives about 160 bytes of keys and framing for about 75 bytes of text: the ratio is high, but the payload is a quarter of a kilobyte, far from the ~100 KB that would make setData slow.
`;

export function renderReport(report: BenchReport): string {
  const { machine, coldStart, warmCall, labelSize, pagePayload } = report;
  const ours = coldStart[coldStart.length - 1];
  const spreadPerKb = perKbSpread(labelSize);
  const worstAdded = Math.max(...labelSize.map((row) => row.addedPerLabel));
  // At 1 KB the label is smaller than what every call costs anyway: shown beside the strict figure, never instead of it.
  const from10Kb = labelSize.filter((row) => row.labelBytes >= 10 * 1024);
  const besides = (figure: number): string =>
    from10Kb.length > 1 && from10Kb.length < labelSize.length ? ` (${fixed(figure, 2)}x from 10 KB up)` : '';
  const typicalPage = pagePayload[0];
  const lines = [
    '# Benchmarks',
    '',
    report.quick ? '> **Quick smoke run: too few repetitions for the figures to mean anything.**\n' : '',
    `Written by \`npm run bench\` (scripts/bench/) in ${fixed(report.seconds, 0)} s on ${machine.os}, ${machine.cpu} × ${machine.cores} cores, ${machine.memory}, Node ${machine.node}, ${machine.date}.`,
    "The baseline is the getOrder docs' own cloud function (scripts/bench/docsExampleFunction.js: `cloud.init`, then `return await cloud.openapi.logistics.getOrder({...event})`).",
    'Every figure is compared with a baseline measured in the same run, interleaved with it: the machine may be shared, so the ratios are the result, not the times.',
    '',
    '## Summary',
    '',
    table(
      ['measure', 'goal', 'result', ''],
      [
        [
          'cold start, process wall time vs wx-server-sdk alone',
          `≤ ${GOALS.coldStartRatio}x`,
          `${fixed(ours.ratio, 3)}x`,
          verdict(ours.ratio <= GOALS.coldStartRatio),
        ],
        [
          'warm call, CPU per call vs docs example (10 KB label)',
          `≤ ${GOALS.warmCpuRatio}x`,
          `${fixed(warmCall.cpuRatio, 2)}x`,
          verdict(warmCall.cpuRatio <= GOALS.warmCpuRatio),
        ],
        [
          'label size, CPU per KB of label, largest / smallest',
          `≤ ${GOALS.perKbSpread}x`,
          `${fixed(spreadPerKb, 2)}x${besides(perKbSpread(from10Kb))}`,
          verdict(spreadPerKb <= GOALS.perKbSpread),
        ],
        [
          'label size, memory our code adds per label byte (worst size)',
          `< ${GOALS.addedMemoryPerLabel}x`,
          `${fixed(worstAdded, 2)}x${besides(Math.max(...from10Kb.map((row) => row.addedPerLabel)))}`,
          verdict(worstAdded < GOALS.addedMemoryPerLabel),
        ],
        [
          `page payload, setData bytes vs rendered bytes (${typicalPage.case})`,
          `≤ ${GOALS.pagePayloadRatio}x`,
          `${fixed(typicalPage.ratio, 3)}x`,
          verdict(typicalPage.ratio <= GOALS.pagePayloadRatio),
        ],
      ],
    ),
    '',
    '## 1. Cold start',
    '',
    `A fresh \`node\` process per run that requires one module and exits; ${ours.processMs.runs} runs of each, the order rotated every round. "process" is spawn to exit, seen by the parent; "require" is the child's own timing of its require() (Node's boot excluded). Milliseconds, median (p25–p75).`,
    '',
    table(
      ['process loads', 'process ms', 'require ms', 'process ratio', 'require ratio'],
      coldStart.map((row) => [row.name, ms(row.processMs), ms(row.requireMs), `${fixed(row.ratio, 3)}x`, `${fixed(row.requireRatio, 3)}x`]),
    ),
    '',
    '## 2. Warm call',
    '',
    `Both functions run on the real wx-server-sdk with its network call answered at once in-process (scripts/emulator/wxServerSdkSeam.ts), with the same answer: an order with a ${kib(warmCall.labelBytes)} label. One worker process, ${warmCall.calls} timed calls per side after warm-up, in alternating blocks (ABBA); the ratio is the median over neighbouring block pairs of (our median / baseline median). A call is \`main(event)\` then \`JSON.stringify\` of its result, as the runtime does before sending it back. Our function is called as an admin (WAYBILL_ADMIN_OPENIDS and the WX_OPENID context), so it validates, checks the policy, decodes the label and logs its line; its stdout is /dev/null, so the log line is written, not skipped. Microseconds, median (p25–p75).`,
    '',
    table(
      ['per call', 'getWaybill', 'docs example', 'ratio'],
      [
        ['CPU (process.cpuUsage) µs', us(warmCall.oursCpuUs), us(warmCall.docsExampleCpuUs), `${fixed(warmCall.cpuRatio, 2)}x`],
        ['wall µs', us(warmCall.oursWallUs), us(warmCall.docsExampleWallUs), `${fixed(warmCall.wallRatio, 2)}x`],
      ],
    ),
    '',
    'Wall time hides CPU cost: the SDK waits on `setTimeout(0)` in every call, so a call spends about a millisecond idle whichever function makes it.',
    '',
    '## 3. Label size',
    '',
    `Our call (admin) with labels of each size, one worker process per size. CPU per KB is (CPU with the label − CPU of the same call with no label) / label KB. The largest label that fits the result cap (MAX_RESULT_BYTES, found by binary search with toWaybill itself) is ${report.largestLabelBytes} bytes. Memory: a full GC, then one call, then heapUsed + external minus the same before, with the young generation set to 64 MB so that no GC runs inside the call (repetitions where one did are discarded). That is every byte the call allocated, so it bounds its peak from above. "Added" is ours minus the docs example's for the same answer: what our code allocates on top of the SDK.`,
    '',
    table(
      [
        'label',
        'calls',
        'CPU µs',
        'no label µs',
        'docs example µs',
        'CPU µs per KB',
        'wall µs',
        'allocated',
        'per label byte',
        'docs example allocated',
        'added per label byte',
      ],
      labelSize.map((row) => [
        kib(row.labelBytes),
        String(row.calls),
        fixed(row.oursCpuUs, 0),
        fixed(row.noLabelCpuUs, 0),
        fixed(row.docsExampleCpuUs, 0),
        fixed(row.cpuUsPerKb, 1),
        fixed(row.oursWallUs, 0),
        kib(row.oursAllocated),
        `${fixed(row.allocatedPerLabel, 2)}x`,
        kib(row.docsExampleAllocated),
        `${fixed(row.addedPerLabel, 2)}x`,
      ]),
    ),
    '',
    '## 4. Page payload',
    '',
    "A successful query calls `setData({ phase: 'success', view })` with `view = toWaybillView(waybill)` (miniprogram/pages/waybill/waybillView.ts). Sent: UTF-8 bytes of that object as JSON. Rendered: UTF-8 bytes of the data-bound values index.wxml shows (phase in the page class, waybill id, carrier, status text and tone, row names and values, the label's rich-text nodes).",
    '',
    table(
      ['success', 'setData bytes', 'rendered bytes', 'ratio'],
      pagePayload.map((row) => [row.case, String(row.setDataBytes), String(row.renderedBytes), `${fixed(row.ratio, 3)}x`]),
    ),
    '',
    NOTES,
  ];
  return lines.join('\n');
}
