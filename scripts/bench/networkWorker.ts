// The measures through the network seam, one process each: the functions run
// as in the cloud, their SDK posting to the emulator's service endpoint on
// 127.0.0.1 (the parent runs the emulator and passes its environment).
//   warm <blocks> <callsPerBlock> <warmUpCalls>   CPU and wall per call, ours against the docs' example, 10 KB label
//   track <calls> <orderDelayMs> <pathDelayMs>   wall of a call with the track against the same call without it
//   tail <file> <calls> <hangEvery> <concurrency> <firstN>   outcomes and wall when every hangEvery-th first attempt hangs
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { benchEvent } from './benchBackend';
import { reportToParent, runWorkerMain } from './childWorker';
import { alternate, BUILT_FUNCTION, DOCS_EXAMPLE_FUNCTION, invoke, loadMain, type AlternatingSamples } from './functionsUnderTest';

type OurMain = (event: unknown) => Promise<GetWaybillResult>;

async function expectOk(main: OurMain, event: unknown): Promise<GetWaybillResult> {
  const result = await main(event);
  if (!result.ok) throw new Error(`our function failed: ${JSON.stringify(result)}`);
  return result;
}

async function warm(
  blocks: number,
  callsPerBlock: number,
  warmUpCalls: number,
): Promise<AlternatingSamples & { labelBytes: number; callsPerBlock: number }> {
  const labelBytes = 10 * 1024;
  const ours = loadMain(BUILT_FUNCTION) as OurMain;
  const docsExample = loadMain(DOCS_EXAMPLE_FUNCTION);
  const event = benchEvent({ labelBytes });
  const probe = await expectOk(ours, event);
  if (!probe.ok || probe.waybill.labelHtml === null) throw new Error('our function did not return the label');
  const samples = await alternate(
    { ours: () => invoke(ours, event), docsExample: () => invoke(docsExample, event) },
    { blocks, callsPerBlock, warmUpCalls },
  );
  return { ...samples, labelBytes, callsPerBlock };
}

export interface TrackSamples {
  withTrackMs: number[];
  orderOnlyMs: number[];
}

async function wallMs(call: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function track(calls: number, orderDelayMs: number, pathDelayMs: number): Promise<TrackSamples> {
  const ours = loadMain(BUILT_FUNCTION) as OurMain;
  const scenario = { labelBytes: 0, orderDelayMs, pathDelayMs };
  const probe = await expectOk(ours, benchEvent(scenario, true));
  if (!probe.ok || probe.waybill.track?.available !== true) throw new Error(`no track: ${JSON.stringify(probe)}`);
  const samples: TrackSamples = { withTrackMs: [], orderOnlyMs: [] };
  for (let i = 0; i < calls; i++) {
    samples.withTrackMs.push(await wallMs(() => expectOk(ours, benchEvent(scenario, true))));
    samples.orderOnlyMs.push(await wallMs(() => expectOk(ours, benchEvent(scenario, false))));
  }
  return samples;
}

export interface TailSample {
  /** 'OK' or the error code the caller saw. */
  outcome: string;
  hungFirst: boolean;
  wallMs: number;
}

async function tail(file: string, calls: number, hangEvery: number, concurrency: number, firstN: number): Promise<TailSample[]> {
  const ours = loadMain(file) as OurMain;
  await expectOk(ours, benchEvent({ labelBytes: 0, n: firstN - 1 }));
  const samples: TailSample[] = [];
  for (let start = 0; start < calls; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, calls - start) }, (_, k) => start + k);
    samples.push(
      ...(await Promise.all(
        batch.map(async (i) => {
          const hungFirst = i % hangEvery === 0;
          const started = process.hrtime.bigint();
          const result = await ours(benchEvent({ labelBytes: 0, hangFirstAttempt: hungFirst, n: firstN + i }));
          return { outcome: result.ok ? 'OK' : result.error.code, hungFirst, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
        }),
      )),
    );
  }
  return samples;
}

runWorkerMain(async () => {
  const [mode, ...args] = process.argv.slice(2);
  const numbers = args.map(Number);
  if (mode === 'warm') reportToParent(await warm(numbers[0], numbers[1], numbers[2]));
  else if (mode === 'track') reportToParent(await track(numbers[0], numbers[1], numbers[2]));
  else if (mode === 'tail') reportToParent(await tail(args[0], numbers[1], numbers[2], numbers[3], numbers[4]));
  else throw new Error(`unknown mode ${mode}`);
});
