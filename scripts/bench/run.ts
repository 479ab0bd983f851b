// npm run bench [-- --quick]: the four measurements (cold start, warm call, label size, page payload), printed as a
// table and written to BENCHMARKS.md with the machine they ran on. --quick is
// a smoke run (few repetitions, small labels): its figures mean nothing.
import fs from 'node:fs';
import path from 'node:path';
import { measureColdStart } from './coldStart';
import { largestLabelUnderCap, measureLabelSize, type LabelSizeRow } from './labelSize';
import { describeMachine } from './machine';
import { measurePagePayloads } from './pagePayload';
import { renderReport, type BenchReport } from './report';
import { measureWarmCalls } from './warmCall';

const quick = process.argv.includes('--quick');

const PLAN = quick
  ? { coldRuns: 2, warm: { blocks: 2, callsPerBlock: 5, warmUpCalls: 5 }, labelSizes: [1024, 10 * 1024], memoryRepetitions: 2 }
  : {
      coldRuns: 24,
      warm: { blocks: 30, callsPerBlock: 40, warmUpCalls: 200 },
      labelSizes: [1024, 10 * 1024, 100 * 1024, 500 * 1024],
      memoryRepetitions: 7,
    };

/** Enough calls for a stable median without letting the big labels take minutes. */
const timedCallsFor = (labelBytes: number): number => (quick ? 5 : labelBytes <= 10 * 1024 ? 300 : labelBytes <= 100 * 1024 ? 100 : 30);

async function main(): Promise<void> {
  const startedAt = Date.now();
  const step = (what: string): void => {
    process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0)} s] ${what}\n`);
  };
  const machine = describeMachine();

  step(`cold start: ${PLAN.coldRuns} runs of each variant, interleaved`);
  const coldStart = measureColdStart(PLAN.coldRuns);

  step('warm calls: ours against the docs example, alternating blocks');
  const warmCall = await measureWarmCalls(PLAN.warm);

  const largest = largestLabelUnderCap();
  const sizes = quick ? PLAN.labelSizes : [...PLAN.labelSizes, largest];
  const labelSize: LabelSizeRow[] = [];
  for (const bytes of sizes) {
    step(`label size: ${bytes} bytes`);
    labelSize.push(await measureLabelSize(bytes, timedCallsFor(bytes), PLAN.memoryRepetitions));
  }

  step('page payload');
  const pagePayload = measurePagePayloads();

  const report: BenchReport = {
    quick,
    machine,
    coldStart,
    warmCall,
    labelSize,
    largestLabelBytes: largest,
    pagePayload,
    seconds: (Date.now() - startedAt) / 1000,
  };
  const markdown = renderReport(report);
  process.stdout.write(`${markdown}\n`);
  if (quick) {
    step('quick run: BENCHMARKS.md left as it was');
  } else {
    fs.writeFileSync(path.join(__dirname, '../../BENCHMARKS.md'), markdown);
    step('wrote BENCHMARKS.md');
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
