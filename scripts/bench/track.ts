// Track: with includeTrack, getPath is asked beside getOrder, so the call
// takes as long as the slower of the two, whichever it is.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { benchEvent } from './backend';
import { BUILT, loadMain } from './functions';
import { median, ratioGoal, span, spread, table, x, type Measurement } from './measurement';
import { inWorker } from './worker';

/** getOrder and getPath delays, ms: each API the slower in turn. */
const DELAYS: ReadonlyArray<[number, number]> = [
  [150, 100],
  [100, 150],
];
const GOAL = 1.1;

export async function sampleTrack(calls: number, orderDelayMs: number, pathDelayMs: number) {
  const main = loadMain(BUILT) as (event: unknown) => Promise<GetWaybillResult>;
  const wallMs = async (includeTrack: boolean): Promise<number> => {
    const started = process.hrtime.bigint();
    const result = await main(benchEvent({ labelBytes: 0, orderDelayMs, pathDelayMs }, includeTrack));
    if (!result.ok || (includeTrack && result.waybill.track?.available !== true))
      throw new Error(`no waybill or track: ${JSON.stringify(result)}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  await wallMs(true);
  const samples = { withTrack: [] as number[], orderOnly: [] as number[] };
  for (let i = 0; i < calls; i++) {
    samples.withTrack.push(await wallMs(true));
    samples.orderOnly.push(await wallMs(false));
  }
  return samples;
}

export const track: Measurement = async ({ quick, cloudEnv, step }) => {
  step('track beside the order');
  const calls = quick ? 1 : 20;
  const rows = [];
  for (const [orderDelayMs, pathDelayMs] of DELAYS) {
    const samples = await inWorker(__filename, sampleTrack, [calls, orderDelayMs, pathDelayMs], { env: cloudEnv });
    const overheadMs = median(samples.orderOnly) - orderDelayMs;
    const slower = Math.max(orderDelayMs, pathDelayMs) + overheadMs;
    const ratio = median(samples.withTrack) / slower;
    const inTurn = (orderDelayMs + pathDelayMs + overheadMs) / slower;
    const cells = `${orderDelayMs} ms | ${pathDelayMs} ms | ${span(spread(samples.withTrack), 1)} | ${span(spread(samples.orderOnly), 1)}`;
    rows.push({ ratio, inTurn, cells: `${cells} | ${overheadMs.toFixed(1)} | ${x(ratio)} | ${x(inTurn)}` });
  }
  const worst = ratioGoal(
    'track: wall time with includeTrack / the slower API alone (worst case)',
    Math.max(...rows.map((row) => row.ratio)),
    GOAL,
  );
  return {
    title: 'Track',
    summary: [{ ...worst, goal: `${worst.goal} (in turn: ${rows.map((row) => x(row.inTurn)).join(', ')})` }],
    body: [
      `\`includeTrack: true\` with a waybillId: the emulator answers getOrder and getPath each after a fixed delay. Our built function through the network seam, ${calls} calls with the track alternating with the same call without it. "Overhead" is the call without the track minus getOrder's delay (the function, the SDK and the loopback); the ratio is the call with the track over the slower API's delay plus that overhead (1.00x: fully in parallel); "in turn" is what asking getPath after getOrder would give on the same scale. Milliseconds, median (p25–p75).`,
      table(
        'getOrder delay | getPath delay | with track ms | without ms | overhead ms | ratio to the slower | in turn',
        rows.map((row) => row.cells),
      ),
    ].join('\n\n'),
  };
};
