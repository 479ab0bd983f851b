// Track: with includeTrack, getPath is asked beside getOrder, so a call
// should take as long as the slower of the two, whichever it is.
import { benchEvent } from './backend';
import { BUILT, FUNCTIONS_MODULE, timeCalls } from './functions';
import { median, ratioGoal, span, table, x, type Measurement } from './measurement';
import { inWorker } from './worker';

/** getOrder's and getPath's delays, ms: each API the slower in turn. */
const DELAYS = [
  { orderDelayMs: 150, pathDelayMs: 100 },
  { orderDelayMs: 100, pathDelayMs: 150 },
];

export const track: Measurement = async ({ quick, cloudEnv }) => {
  const calls = quick ? 1 : 20;
  // Per pair of delays, calls with the track alternating with the same call without it.
  const events = DELAYS.flatMap((delays) =>
    Array.from({ length: calls * 2 }, (_, i) => benchEvent({ labelBytes: 0, ...delays }, i % 2 === 0)),
  );
  const samples = await inWorker(FUNCTIONS_MODULE, timeCalls, [BUILT, events[0], events, 1], {
    env: { ...cloudEnv, WAYBILL_TRACK_FRESH_MINUTES: '0' },
  });
  const rows = DELAYS.map(({ orderDelayMs, pathDelayMs }, d) => {
    const mine = samples.slice(d * calls * 2, (d + 1) * calls * 2);
    if (mine.some((s, i) => s.outcome !== (i % 2 === 0 ? 'OK with track' : 'OK')))
      throw new Error(`not every call succeeded: ${JSON.stringify(mine)}`);
    const [withTrack, orderOnly] = [0, 1].map((parity) => mine.filter((_, i) => i % 2 === parity).map((s) => s.wallMs));
    const overheadMs = median(orderOnly) - orderDelayMs;
    const slower = Math.max(orderDelayMs, pathDelayMs) + overheadMs;
    const [ratio, inTurn] = [median(withTrack) / slower, (orderDelayMs + pathDelayMs + overheadMs) / slower];
    const cells = `${orderDelayMs} ms | ${pathDelayMs} ms | ${span(withTrack, 1)} | ${span(orderOnly, 1)} | ${overheadMs.toFixed(1)}`;
    return { ratio, inTurn, cells: `${cells} | ${x(ratio)} | ${x(inTurn)}` };
  });
  const measure = 'track: wall time with includeTrack / the slower API alone (worst case)';
  const worst = ratioGoal(measure, Math.max(...rows.map((row) => row.ratio)), 1.1);
  return {
    title: 'Track',
    summary: [{ ...worst, goal: `${worst.goal} (in turn: ${rows.map((row) => x(row.inTurn)).join(', ')})` }],
    body: [
      `\`includeTrack: true\` with a waybillId: the emulator answers getOrder and getPath each after a fixed delay. Our built function through the network seam, with WAYBILL_TRACK_FRESH_MINUTES=0 so that every look asks getPath (the stored track is measured in its own section), ${calls} calls with the track alternating with the same call without it. "Overhead" is the call without the track minus getOrder's delay (the function, the SDK and the loopback); the ratio is the call with the track over the slower API's delay plus that overhead (1.00x: fully in parallel); "in turn" is what asking getPath after getOrder would give on the same scale. Milliseconds, median (p25–p75).`,
      table('getOrder delay | getPath delay | with track ms | without ms | overhead ms | ratio to the slower | in turn', rows),
    ].join('\n\n'),
  };
};
