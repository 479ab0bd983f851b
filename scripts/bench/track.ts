// The track, from getPath beside getOrder or from the cloud database (and the pushes that store it), and the order check: their cost.
import { BENCH_BUYER, benchEvent, benchPush } from './backend';
import { alternate, BUILT, FUNCTIONS_MODULE, invoke, loadMain, PUSH, timeCalls } from './functions';
import { median, ratioGoal, section, span, summaryRow, table, x, type Bench, type Measurement } from './measurement';
import { inWorker } from './worker';

const [API_MS, DATABASE_MS, STORM_BATCH, STORM_WAYBILL] = [100, 10, 20, 'SF1234567890_W'];

// `events` through the built getWaybill in a new worker (instance), `concurrency` at a time after a warm-up; each must succeed (with its track).
async function looks(bench: Bench, events: Array<Record<string, unknown>>, concurrency: number, env = bench.cloudEnv) {
  const before = bench.backend.calls.length;
  const samples = await inWorker(FUNCTIONS_MODULE, timeCalls, [BUILT, { ...events[0], includeTrack: false }, events, concurrency], { env });
  if (samples.some((s, i) => s.outcome !== (events[i].includeTrack === true ? 'OK with track' : 'OK')))
    throw new Error(`not every call succeeded: ${JSON.stringify(samples)}`);
  const walls = (parity: number, from = 0) => samples.filter((_, i) => i % 2 === parity && i >= from).map((s) => s.wallMs);
  const getPaths = bench.backend.calls.slice(before).filter((call) => call.api === 'getPath').length;
  return { getPaths, walls, all: samples.map((s) => s.wallMs) };
}

/** Calls with the track alternating with the same call without it. */
const alternating = (scenario: object, calls: number) =>
  [...Array(calls * 2).keys()].map((i) => benchEvent({ labelBytes: 0, ...scenario }, i % 2 === 0));

export const track: Measurement = async (bench) => {
  const calls = bench.quick ? 1 : 20;
  const env = { ...bench.cloudEnv, WAYBILL_TRACK_FRESH_MINUTES: '0' }; // every look asks getPath
  const rows = [];
  // getOrder's and getPath's delays: each API the slower in turn.
  for (const [orderDelayMs, pathDelayMs] of [150, 100].map((ms) => [ms, 250 - ms])) {
    const { walls } = await looks(bench, alternating({ orderDelayMs, pathDelayMs }, calls), 1, env);
    const [withTrack, orderOnly] = [walls(0), walls(1)];
    const overheadMs = median(orderOnly) - orderDelayMs;
    const slower = Math.max(orderDelayMs, pathDelayMs) + overheadMs;
    const [ratio, inTurn] = [median(withTrack) / slower, (orderDelayMs + pathDelayMs + overheadMs) / slower];
    const cells = `${orderDelayMs} ms | ${pathDelayMs} ms | ${span(withTrack, 1)} | ${span(orderOnly, 1)} | ${overheadMs.toFixed(1)}`;
    rows.push({ ratio, inTurn, cells: `${cells} | ${x(ratio)} | ${x(inTurn)}` });
  }
  const measure = 'track: wall time with includeTrack / the slower API alone (worst case)';
  const worst = ratioGoal(measure, Math.max(...rows.map((r) => r.ratio)), 1.1);
  return section(
    'Track',
    [{ ...worst, goal: `${worst.goal} (in turn: ${rows.map((row) => x(row.inTurn)).join(', ')})` }],
    `\`includeTrack: true\` with a waybillId: the emulator answers getOrder and getPath each after a fixed delay. Our built function through the network seam, with WAYBILL_TRACK_FRESH_MINUTES=0 so that every look asks getPath (the stored track is measured in its own section), ${calls} calls with the track alternating with the same call without it, one worker per pair of delays. "Overhead" is the call without the track minus getOrder's delay (the function, the SDK and the loopback); the ratio is the call with the track over the slower API's delay plus that overhead (1.00x: fully in parallel); "in turn" is what asking getPath after getOrder would give on the same scale. Milliseconds, median (p25–p75).`,
    table('getOrder delay | getPath delay | with track ms | without ms | overhead ms | ratio to the slower | in turn', rows),
  );
};

/** @public (a worker runs it by name): versions 1..`versions` of each waybill, each twice, in random order, `concurrency` at a time, as WeChat delivers them: again (3 times at most) while main rejects. */
export async function pushStorm(waybills: number, versions: number, concurrency: number) {
  const [main, tally] = [loadMain(PUSH), { again: 0, undelivered: 0 }];
  const order = [...Array(waybills * versions * 2).keys()].map((i) => ({ i, key: Math.random() })).sort((a, b) => a.key - b.key);
  const deliver = async ({ i }: { i: number }) => {
    const push = benchPush(`${STORM_WAYBILL}${i % waybills}`, (Math.floor(i / waybills) % versions) + 1);
    let failed = 0; // deliveries main rejected
    while (failed < 4 && (await main(push).catch(() => 0)) === 0) failed++;
    [tally.again, tally.undelivered] = [tally.again + Math.min(failed, 3), tally.undelivered + (failed === 4 ? 1 : 0)];
  };
  for (let start = 0; start < order.length; start += concurrency) await Promise.all(order.slice(start, start + concurrency).map(deliver));
  return tally;
}

export const storedTrack: Measurement = async (bench) => {
  const [n, together, waybills, versions] = bench.quick ? [2, 2, 2, 2] : [100, 50, 50, 5];
  const { store } = bench.backend.database;
  const scenario = { orderDelayMs: API_MS, pathDelayMs: API_MS };
  bench.backend.database.latencyMs = DATABASE_MS; // until the storm is over (a failure ends the run)
  // Each look with the track, then the same call without it; the first look finds nothing stored and stores what getPath answers.
  store.setCollection('waybillTracks', []);
  const sequential = await looks(bench, alternating(scenario, n), 1);
  const [withTrack, without] = [sequential.walls(0, 2), sequential.walls(1, 2)];
  store.setCollection('waybillTracks', []);
  const firstLooks = await looks(bench, Array(together).fill(benchEvent({ labelBytes: 0, ...scenario }, true)), together);
  const storm = await inWorker(__filename, pushStorm, [waybills, versions, STORM_BATCH], { env: bench.cloudEnv });
  bench.backend.database.latencyMs = 0;
  const stored = (store.documents('waybillTracks') ?? []).filter((doc) => String(doc.waybillId).startsWith(STORM_WAYBILL));
  const events = (doc: Record<string, unknown>) => (doc.events as unknown[]).map((event) => JSON.stringify(event));
  const [atHighest, lost] = [stored.filter((d) => d.version === versions).length, waybills - stored.length];
  const twice = stored.filter((d) => new Set(events(d)).size !== events(d).length).length;
  const ratio = median(withTrack) / median(without);
  const counts = `${sequential.getPaths} and ${firstLooks.getPaths}`;
  const storing = `${atHighest} of ${waybills}, ${lost} lost, ${twice} duplicated`;
  const lookMeasure = `getPath calls: ${n} looks one after another, ${together} first looks at once`;
  const stormMeasure = `push storm: ${waybills * versions * 2} pushes for ${waybills} waybills, versions shuffled and duplicated, ${STORM_BATCH} at a time`;
  const stormMet = storing === `${waybills} of ${waybills}, 0 lost, 0 duplicated` && storm.undelivered === 0;
  const stormRow = [waybills * versions * 2, waybills, atHighest, lost, twice, storm.again, storm.undelivered].join(' | ');
  return section(
    'Stored track',
    [
      ratioGoal('stored track: wall time with includeTrack (fresh stored track) vs without', ratio, 1.15),
      summaryRow(lookMeasure, '1 and 1', counts, sequential.getPaths, counts === '1 and 1'),
      summaryRow(stormMeasure, 'all at the highest version; 0 lost; 0 duplicated events', storing, atHighest, stormMet),
    ],
    `The built functions through the network seam, getOrder and getPath each answered after ${API_MS} ms and every database action after ${DATABASE_MS} ms, default settings (a 10-minute freshness window). Looks: \`includeTrack: true\` with a waybillId, ${n} of them one after another in one worker, each followed by the same call without the track; the first look finds nothing stored, asks getPath and stores its answer, so the ratio (median with / median without) is over the looks after it, served from the store. Then a new worker's ${together} first looks at one waybill, all at once, with nothing stored. Milliseconds, median (p25–p75).`,
    table('calls | wall ms | getPath calls | ratio', [
      `${n} looks with the track, one after another | ${span(withTrack, 1)} | ${sequential.getPaths} | ${x(ratio)}`,
      `the same without the track, in between | ${span(without, 1)} | – | 1.00x`,
      `${together} first looks at once, one instance | ${span(firstLooks.all, 1)} | ${firstLooks.getPaths} | –`,
    ]),
    `The push storm: waybillPush (built) receives ${waybills * versions * 2} add_express_path pushes, versions 1 to ${versions} of each of ${waybills} waybills, each sent twice, in random order, ${STORM_BATCH} at a time in one worker; a push answered "deliver again" (main rejects) is delivered again, 3 times at most, as WeChat does. Each push makes waybillPush read the whole track from getPath (answered at once here) and store it if its version is newer than the stored one. "Duplicated": waybills whose stored track holds an event twice.`,
    table('pushes | waybills | at their highest version | lost | duplicated | delivered again | never stored', [stormRow]),
  );
};

/** @public (a worker runs it by name): the owner's call with the order check and without it, in ABBA blocks. */
export async function sampleOrderCheck(event: object, blocks: number, perBlock: number, warmUp: number) {
  const main = loadMain(BUILT);
  const call = (orders: string) => async () => {
    process.env.WAYBILL_ORDERS = orders; // read on every call: the settings' cache is keyed by the environment
    const result = await invoke(main, event);
    if (!result.startsWith('{"ok":true')) throw new Error(`the owner's call failed: ${result}`);
  };
  return alternate({ withCheck: call('orders.orderNo'), without: call('') }, { blocks, perBlock, warmUp });
}

export const orderCheck: Measurement = async (bench) => {
  const [blocks, perBlock, warmUp] = bench.quick ? [2, 1, 1] : [8, 20, 5];
  const event = benchEvent({ labelBytes: 0, orderDelayMs: API_MS });
  const { store } = bench.backend.database;
  store.setCollection('orders', [...(store.documents('orders') ?? []), { _openid: BENCH_BUYER, orderNo: event.orderId }]);
  const lookups = () => bench.backend.database.actions.filter((action) => action.collection === 'orders').length;
  const [before, env] = [lookups(), { ...bench.cloudEnv, WX_OPENID: BENCH_BUYER }];
  bench.backend.database.latencyMs = DATABASE_MS;
  const { withCheck, without } = await inWorker(__filename, sampleOrderCheck, [event, blocks, perBlock, warmUp], { env });
  bench.backend.database.latencyMs = 0;
  const checked = warmUp + blocks * perBlock; // the check really ran: one lookup per call with it, none without
  if (lookups() - before !== checked) throw new Error(`expected ${checked} lookups in the orders collection, saw ${lookups() - before}`);
  const ratio = median(withCheck.map((block, i) => block.wallUs / without[i].wallUs));
  const wallMs = (side: typeof without) => side.map((block) => block.wallUs / 1000);
  const row = (name: string, side: typeof without) => `${name} | ${span(wallMs(side), 1)} | ${span(side.map((b) => b.cpuUs))}`;
  return section(
    'Order check',
    [ratioGoal("order check: the owner's call with WAYBILL_ORDERS vs without, wall time", ratio, 1.12)],
    `The built getWaybill through the network seam, called by the order's owner (not an admin), getOrder answered after ${API_MS} ms and every database action after ${DATABASE_MS} ms; WAYBILL_ORDERS set to orders.orderNo (the orders collection holding the order, owned by the caller) and unset, in turn on one warm instance: ${blocks * perBlock} calls per side in ABBA blocks of ${perBlock}, each block timed as a whole; the ratio is the median over neighbouring block pairs of (with / without). The check asks the database beside getOrder, so it costs only what its answer takes beyond getOrder's. Per call, median over blocks (p25–p75).`,
    table('variant | wall ms | CPU µs | wall ratio', [
      `${row('with the check', withCheck)} | ${x(ratio)}`,
      `${row('without', without)} | 1.00x`,
    ]),
  );
};
