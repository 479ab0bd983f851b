// BENCHMARKS.md: the figures, the goals they are held to, and how they were
// taken; the notes (notes.md beside this file) say why each goal is met or not.
import fs from 'node:fs';
import path from 'node:path';
import type { ColdStartRuntime } from './coldStart';
import type { Machine } from './machine';
import type { PagePayloadRow } from './pagePayload';
import { fixed, kib, type Spread } from './stats';
import { perKbSpread, type LabelSizeRow, type SideBySide, type TailRow, type TrackRow } from './summaries';

export interface BenchReport {
  quick: boolean;
  machine: Machine;
  runtimes: string[];
  bundle: { bytes: number; gzipBytes: number; ownCode: { bytes: number; gzipBytes: number } };
  coldStart: ColdStartRuntime[];
  warmNetwork: SideBySide;
  ownCpu: SideBySide;
  labelSize: LabelSizeRow[];
  largestLabelBytes: number;
  track: TrackRow[];
  tail: { deadlineMs: number; attemptTimeoutMs: number; hangFraction: number; rows: TailRow[] };
  pagePayload: PagePayloadRow[];
  seconds: number;
}

export const GOALS = {
  coldStartRatio: 0.8,
  warmNetworkCpuRatio: 1.1,
  ownCpuRatio: 1.2,
  perKbSpread: 1.5,
  addedMemoryPerLabel: 4,
  trackRatio: 1.1,
  pagePayloadRatio: 1.1,
} as const;

const verdict = (met: boolean): string => (met ? 'met' : '**missed**');
const x = (ratio: number, digits = 2): string => `${fixed(ratio, digits)}x`;
const span = (s: Spread, digits = 0): string => `${fixed(s.median, digits)} (${fixed(s.p25, digits)}–${fixed(s.p75, digits)})`;
const percent = (rate: number): string => `${fixed(rate * 100, 0)}%`;
const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

export function renderReport(report: BenchReport): string {
  const { machine, coldStart, warmNetwork, ownCpu, labelSize, track, tail, pagePayload, bundle } = report;
  const [thisNode, ...olderNodes] = coldStart;
  const worstAdded = Math.max(...labelSize.map((row) => row.addedPerLabel));
  const worstTrack = Math.max(...track.map((row) => row.ratioToSlower));
  const [withTimeout, withoutTimeout] = tail.rows;
  const tailMet = withTimeout.successRate === 1 && withTimeout.p95Ms < withoutTimeout.p95Ms;
  const tailFigure = (row: TailRow): string => `${percent(row.successRate)} ok, p95 ${fixed(row.p95Ms, 0)} ms`;
  const notes = fs.readFileSync(path.join(__dirname, 'notes.md'), 'utf8');
  const lines = [
    '# Benchmarks',
    '',
    report.quick ? '> **Quick smoke run: too few repetitions for the figures to mean anything.**\n' : '',
    `Written by \`npm run bench\` (scripts/bench/) in ${fixed(report.seconds, 0)} s on ${machine.os}, ${machine.cpu} × ${machine.cores} cores, ${machine.memory}, Node ${machine.node}, ${machine.date}.`,
    "The baseline is the getOrder docs' own cloud function (scripts/bench/docsExampleFunction.js: `cloud.init`, then `return await cloud.openapi.logistics.getOrder({...event})`) on wx-server-sdk from node_modules, as the cloud installs it.",
    'Every figure is compared with a baseline measured in the same run, interleaved with it: the machine may be shared, so the ratios are the result, not the times.',
    '',
    '## Summary',
    '',
    table(
      ['measure', 'goal', 'result', ''],
      [
        [
          `cold start, load + first call vs docs' example, ${thisNode.runtime}`,
          `≤ ${GOALS.coldStartRatio}x`,
          x(thisNode.ratio),
          verdict(thisNode.ratio <= GOALS.coldStartRatio),
        ],
        ...olderNodes.map((row) => [`cold start, the same, ${row.runtime}`, 'reported', x(row.ratio), '']),
        [
          'warm call CPU through the network seam vs docs example (10 KB label)',
          `≤ ${GOALS.warmNetworkCpuRatio}x`,
          x(warmNetwork.cpuRatio),
          verdict(warmNetwork.cpuRatio <= GOALS.warmNetworkCpuRatio),
        ],
        [
          "our own code's CPU per call, transport answered in-process, vs docs example",
          `≤ ${GOALS.ownCpuRatio}x`,
          x(ownCpu.cpuRatio),
          verdict(ownCpu.cpuRatio <= GOALS.ownCpuRatio),
        ],
        [
          `label cost per KB, ${kib(labelSize[0].labelBytes)} to ${kib(labelSize[labelSize.length - 1].labelBytes)}, largest / smallest`,
          `≤ ${GOALS.perKbSpread}x`,
          x(perKbSpread(labelSize)),
          verdict(perKbSpread(labelSize) <= GOALS.perKbSpread),
        ],
        [
          'memory our code adds per label byte (worst size, 10 KB up)',
          `< ${GOALS.addedMemoryPerLabel}x`,
          x(worstAdded),
          verdict(worstAdded < GOALS.addedMemoryPerLabel),
        ],
        [
          'track: wall time with includeTrack / the slower API alone (worst case)',
          `≤ ${GOALS.trackRatio}x (in turn: ${track.map((row) => x(row.sequentialRatio)).join(', ')})`,
          x(worstTrack),
          verdict(worstTrack <= GOALS.trackRatio),
        ],
        ['bundle size, index.js', 'reported', `${kib(bundle.bytes)} (gzip ${kib(bundle.gzipBytes)})`, ''],
        [
          `tail: ${percent(tail.hangFraction)} of first attempts hang; success and p95 with vs without the per-attempt timeout`,
          'all succeed, lower p95',
          `${tailFigure(withTimeout)} vs ${tailFigure(withoutTimeout)}`,
          verdict(tailMet),
        ],
        [
          `page payload, setData bytes vs rendered bytes (${pagePayload[0].case})`,
          `≤ ${GOALS.pagePayloadRatio}x`,
          x(pagePayload[0].ratio, 3),
          verdict(pagePayload[0].ratio <= GOALS.pagePayloadRatio),
        ],
      ],
    ),
    '',
    '## 1. Cold start',
    '',
    `A fresh process per run on each runtime (${report.runtimes.join(', ')}) that requires one function with the cloud's environment (TENCENTCLOUD_RUNENV=SCF, the service endpoint being the emulator on 127.0.0.1) and answers its first call, a getOrder with a 10 KB label; ${thisNode.ours.loadAndCallMs.runs} runs of each, the two functions alternating. "load + call" and "require" are the child's own timings; "process" is spawn to exit, seen by the parent (Node's own boot included). Milliseconds, median (p25–p75).`,
    '',
    table(
      ['runtime', 'function', 'load + call ms', 'require ms', 'process ms', 'load + call ratio', 'process ratio'],
      coldStart.flatMap((row) => [
        [
          row.runtime,
          "docs' example",
          span(row.docsExample.loadAndCallMs),
          span(row.docsExample.requireMs),
          span(row.docsExample.processMs),
          '1.00x',
          '1.00x',
        ],
        [
          row.runtime,
          'getWaybill index.js',
          span(row.ours.loadAndCallMs),
          span(row.ours.requireMs),
          span(row.ours.processMs),
          x(row.ratio),
          x(row.processRatio),
        ],
      ]),
    ),
    '',
    '## 2. Warm call through the network seam',
    '',
    `Both functions as the cloud runs them: the built index.js and the docs' example, each posting to the emulator's service endpoint on 127.0.0.1 (the emulator runs in the parent process, so its work is not counted), with the same answer: an order with a ${kib(warmNetwork.labelBytes)} label. One worker process, ${warmNetwork.calls} timed calls per side after warm-up, in alternating blocks of ${warmNetwork.calls / warmNetwork.oursCpuUs.runs} calls (ABBA), each block timed as a whole (process.cpuUsage, so the garbage collections a block's calls cause are in its CPU); the ratio is the median over neighbouring block pairs of (ours / baseline). A call is \`main(event)\` then \`JSON.stringify\` of its result, as the runtime does before sending it back. Our function is called as an admin, so it validates, checks the policy, decodes the label and logs its line; its stdout is /dev/null, so the log line is written, not skipped. Microseconds per call, median over blocks (p25–p75).`,
    '',
    sideBySideTable(warmNetwork),
    '',
    '## 3. Our own code, transport answered in-process',
    '',
    `The same comparison with no HTTP client or server in the way: the SDK's network call (\`CloudBase#callCompatibleWxOpenApi\` of the node_modules copy) answers from memory (scripts/bench/inProcessSeam.ts), and our function is a bench-only build with wx-server-sdk left external (out/bench/), so both run on that same patched SDK. What differs is our code. ${ownCpu.calls} timed calls per side in ABBA blocks timed as a whole, as in 2, with a ${kib(ownCpu.labelBytes)} label.`,
    '',
    sideBySideTable(ownCpu),
    '',
    '## 4. Label size',
    '',
    `Our call (admin, in-process as in 3) with labels of each size, one worker process per size. CPU per KB is (CPU with the label − CPU of the same call with no label) / label KB. The largest label that fits the result cap (MAX_RESULT_BYTES, found by binary search with toWaybill itself) is ${report.largestLabelBytes} bytes. Memory: a full GC, then one call, then heapUsed + external minus the same before, with the young generation set to 64 MB so that no GC runs inside the call (repetitions where one did are discarded): every byte the call allocated, an upper bound on its peak. "Added" is ours minus the docs example's for the same answer: what our code allocates on top of the SDK.`,
    '',
    table(
      [
        'label',
        'calls',
        'CPU µs',
        'no label µs',
        'docs example µs',
        'CPU µs per KB',
        'allocated',
        'docs example allocated',
        'added per label byte',
      ],
      labelSize.map((row) => [
        kib(row.labelBytes),
        String(row.calls),
        fixed(row.oursCpuUs, 0),
        fixed(row.noLabelCpuUs, 0),
        fixed(row.docsExampleCpuUs, 0),
        fixed(row.cpuUsPerKb, 2),
        kib(row.oursAllocated),
        kib(row.docsExampleAllocated),
        x(row.addedPerLabel),
      ]),
    ),
    '',
    '## 5. Track',
    '',
    `\`includeTrack: true\` with a waybillId: the emulator answers getOrder and getPath each after a fixed delay. Our built function through the network seam, ${track[0].withTrackMs.runs} calls with the track alternating with the same call without it. "Overhead" is the call without the track minus getOrder's delay (the function, the SDK and the loopback); the ratio is the call with the track over the slower API's delay plus that overhead (1.00x: fully in parallel); "in turn" is what asking getPath after getOrder would give on the same scale. Milliseconds, median (p25–p75).`,
    '',
    table(
      ['getOrder delay', 'getPath delay', 'with track ms', 'without ms', 'overhead ms', 'ratio to the slower', 'in turn'],
      track.map((row) => [
        `${row.orderDelayMs} ms`,
        `${row.pathDelayMs} ms`,
        span(row.withTrackMs, 1),
        span(row.orderOnlyMs, 1),
        fixed(row.overheadMs, 1),
        x(row.ratioToSlower),
        x(row.sequentialRatio),
      ]),
    ),
    '',
    '## 6. Bundle size',
    '',
    table(
      ['file', 'bytes', 'gzip -9'],
      [
        [
          'cloudfunctions/getWaybill/index.js (uploaded: our code + wx-server-sdk inlined, not minified)',
          String(bundle.bytes),
          String(bundle.gzipBytes),
        ],
        [
          'our code alone (the same build with wx-server-sdk external, bench-only)',
          String(bundle.ownCode.bytes),
          String(bundle.ownCode.gzipBytes),
        ],
      ],
    ),
    '',
    '## 7. Tail latency',
    '',
    `The built function through the network seam, against a backend where every ${fixed(1 / tail.hangFraction, 0)}th call's first getOrder attempt never answers (the rest answer at once). With the default WAYBILL_DEADLINE_MS of ${tail.deadlineMs} ms the per-attempt timeout is ${tail.attemptTimeoutMs} ms (45% of the deadline, at least 1 s): a hung attempt is abandoned then and retried. The baseline is a bench-only build of the same bundle whose per-attempt timeout is the whole deadline (out/bench/getWaybill.noAttemptTimeout.js). ${withTimeout.calls} calls each, ${withTimeout.hung} of them hung first, in concurrent batches.`,
    '',
    table(
      ['variant', 'calls', 'succeeded', 'failures', 'p50 ms', 'p95 ms', 'max ms'],
      tail.rows.map((row) => [
        row.variant,
        String(row.calls),
        percent(row.successRate),
        Object.entries(row.failures)
          .map(([code, count]) => `${count} ${code}`)
          .join(', ') || '–',
        fixed(row.p50Ms, 0),
        fixed(row.p95Ms, 0),
        fixed(row.maxMs, 0),
      ]),
    ),
    '',
    '## 8. Page payload',
    '',
    "A successful query calls `setData({ phase: 'success', view })` with `view = toWaybillView(waybill)` (miniprogram/components/waybill/waybillView.ts). Sent: UTF-8 bytes of that object as JSON. Rendered: UTF-8 bytes of the data-bound values index.wxml shows.",
    '',
    table(
      ['success', 'setData bytes', 'rendered bytes', 'ratio'],
      pagePayload.map((row) => [row.case, String(row.setDataBytes), String(row.renderedBytes), x(row.ratio, 3)]),
    ),
    '',
    notes,
  ];
  return lines.join('\n');
}

function sideBySideTable(result: SideBySide): string {
  return table(
    ['per call', 'getWaybill', 'docs example', 'ratio'],
    [
      ['CPU (process.cpuUsage) µs', span(result.oursCpuUs), span(result.docsExampleCpuUs), x(result.cpuRatio)],
      ['wall µs', span(result.oursWallUs), span(result.docsExampleWallUs), x(result.wallRatio)],
    ],
  );
}
