// npm run bench [-- --quick] [-- --node <binary> ...]: every goal of the
// benchmark measured side by side in one run, printed and written to
// BENCHMARKS.md with the machine it ran on. --quick is a smoke run (few
// repetitions, small labels): its figures mean nothing, and BENCHMARKS.md is left alone.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { attemptTimeoutFor, DEFAULT_DEADLINE_MS } from '../../cloudfunctions/getWaybill/src/settings';
import { startBenchBackend, BENCH_ADMIN } from './benchBackend';
import { benchRuntimes } from './benchRuntimes';
import { runWorker } from './childWorker';
import { measureColdStart, type NodeRuntime } from './coldStart';
import {
  BUILT_FUNCTION,
  buildBenchFunctions,
  EXTERNAL_SDK_FUNCTION,
  NO_ATTEMPT_TIMEOUT_FUNCTION,
  type AlternatingSamples,
} from './functionsUnderTest';
import type { LabelSizeSamples } from './inProcessWorker';
import { largestLabelUnderCap } from './largestLabel';
import { describeMachine } from './machine';
import type { TailSample, TrackSamples } from './networkWorker';
import { measurePagePayloads } from './pagePayload';
import { renderReport, type BenchReport } from './report';
import { labelSizeRow, sideBySide, tailRow, trackRow } from './summaries';

export interface BenchPlan {
  quick: boolean;
  coldRuns: number;
  alternating: { blocks: number; callsPerBlock: number; warmUpCalls: number };
  /** Label sizes from 10 KB up; the full run adds the largest that fits the result cap. */
  labelSizes: number[];
  addLargestLabel: boolean;
  timedCallsFor: (labelBytes: number) => number;
  memoryRepetitions: number;
  trackCalls: number;
  tail: { calls: number; hangEvery: number; concurrency: number };
}

export const FULL_PLAN: BenchPlan = {
  quick: false,
  coldRuns: 20,
  alternating: { blocks: 20, callsPerBlock: 200, warmUpCalls: 500 },
  labelSizes: [10 * 1024, 100 * 1024, 500 * 1024],
  addLargestLabel: true,
  // Enough calls for a stable median without letting the big labels take minutes.
  timedCallsFor: (labelBytes) => (labelBytes <= 10 * 1024 ? 300 : labelBytes <= 100 * 1024 ? 100 : 30),
  memoryRepetitions: 7,
  trackCalls: 20,
  tail: { calls: 200, hangEvery: 10, concurrency: 20 },
};

export const QUICK_PLAN: BenchPlan = {
  quick: true,
  coldRuns: 1,
  alternating: { blocks: 2, callsPerBlock: 5, warmUpCalls: 5 },
  labelSizes: [10 * 1024],
  addLargestLabel: false,
  timedCallsFor: () => 5,
  memoryRepetitions: 2,
  trackCalls: 2,
  tail: { calls: 10, hangEvery: 5, concurrency: 10 },
};

/** getOrder and getPath delays of the track measure: each one the slower in turn. */
const TRACK_DELAYS: ReadonlyArray<[number, number]> = [
  [150, 100],
  [100, 150],
];
const LABEL_SIZE_FLAGS = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];

export async function runBench(plan: BenchPlan, runtimes: readonly NodeRuntime[], step: (what: string) => void): Promise<BenchReport> {
  const startedAt = Date.now();
  await buildBenchFunctions();
  const backend = await startBenchBackend();
  try {
    const env = { ...backend.cloudEnv({ openid: BENCH_ADMIN }), WAYBILL_ADMIN_OPENIDS: BENCH_ADMIN };
    const network = <T>(args: unknown[]): Promise<T> => runWorker<T>('networkWorker.ts', args, { env });
    const { blocks, callsPerBlock, warmUpCalls } = plan.alternating;

    step(`cold start: ${plan.coldRuns} runs of each function on ${runtimes.map((r) => r.name).join(', ')}`);
    const coldStart = await measureColdStart(runtimes, plan.coldRuns, env);

    step('warm calls through the network seam');
    const warmNetwork = sideBySide(
      await network<AlternatingSamples & { labelBytes: number; callsPerBlock: number }>(['warm', blocks, callsPerBlock, warmUpCalls]),
    );

    step('own CPU, transport answered in-process');
    const ownCpu = sideBySide(
      await runWorker<AlternatingSamples & { labelBytes: number; callsPerBlock: number }>('inProcessWorker.ts', [
        'ownCpu',
        blocks,
        callsPerBlock,
        warmUpCalls,
      ]),
    );

    const largestLabelBytes = largestLabelUnderCap();
    const sizes = plan.addLargestLabel ? [...plan.labelSizes, largestLabelBytes] : plan.labelSizes;
    const labelSize = [];
    for (const bytes of sizes) {
      step(`label size: ${bytes} bytes`);
      const samples = await runWorker<LabelSizeSamples>(
        'inProcessWorker.ts',
        ['labelSize', bytes, plan.timedCallsFor(bytes), plan.memoryRepetitions],
        { nodeFlags: LABEL_SIZE_FLAGS },
      );
      labelSize.push(labelSizeRow(samples));
    }

    step('track beside the order');
    const track = [];
    for (const [orderDelayMs, pathDelayMs] of TRACK_DELAYS) {
      track.push(trackRow(orderDelayMs, pathDelayMs, await network<TrackSamples>(['track', plan.trackCalls, orderDelayMs, pathDelayMs])));
    }

    step('tail latency: hung first attempts, with and without the per-attempt timeout');
    const { calls, hangEvery, concurrency } = plan.tail;
    const tailOf = (file: string, firstN: number): Promise<TailSample[]> =>
      network<TailSample[]>(['tail', file, calls, hangEvery, concurrency, firstN]);
    const tail = {
      deadlineMs: DEFAULT_DEADLINE_MS,
      attemptTimeoutMs: attemptTimeoutFor(DEFAULT_DEADLINE_MS),
      hangFraction: 1 / hangEvery,
      rows: [
        tailRow('per-attempt timeout (as built)', await tailOf(BUILT_FUNCTION, 1_000_000)),
        tailRow('no per-attempt timeout', await tailOf(NO_ATTEMPT_TIMEOUT_FUNCTION, 2_000_000)),
      ],
    };

    const sizeOf = (file: string): { bytes: number; gzipBytes: number } => {
      const bytes = fs.readFileSync(file);
      return { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    };
    return {
      quick: plan.quick,
      machine: describeMachine(),
      runtimes: runtimes.map((runtime) => runtime.name),
      bundle: { ...sizeOf(BUILT_FUNCTION), ownCode: sizeOf(EXTERNAL_SDK_FUNCTION) },
      coldStart,
      warmNetwork,
      ownCpu,
      labelSize,
      largestLabelBytes,
      track,
      tail,
      pagePayload: measurePagePayloads(),
      seconds: (Date.now() - startedAt) / 1000,
    };
  } finally {
    await backend.close();
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const step = (what: string): void => {
    process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0)} s] ${what}\n`);
  };
  const quick = process.argv.includes('--quick');
  const runtimes = await benchRuntimes(process.argv.slice(2));
  const markdown = renderReport(await runBench(quick ? QUICK_PLAN : FULL_PLAN, runtimes, step));
  process.stdout.write(`${markdown}\n`);
  if (quick) {
    step('quick run: BENCHMARKS.md left as it was');
  } else {
    fs.writeFileSync(path.join(__dirname, '../../BENCHMARKS.md'), markdown);
    step('wrote BENCHMARKS.md');
  }
}

// Run from the command line; the smoke test imports runBench instead.
if (path.resolve(process.argv[1] ?? '') === __filename) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
