// The cloud database's cost and safety, on the built functions with getOrder and getPath answering after 100 ms and
// the database after 10 ms: the stored track (looks served from it, getPath asked once, pushes keeping the newest
// news) and the order check (WAYBILL_ORDERS).
import { BENCH_BUYER, benchEvent } from './backend';
import { alternate, BUILT, FUNCTIONS_MODULE, invoke, loadMain, PUSH, timeCalls } from './functions';
import { median, ratioGoal, span, summaryRow, table, x, type Bench, type Measurement } from './measurement';
import { inWorker } from './worker';

const [API_MS, DATABASE_MS, STORM_BATCH, STORM_WAYBILL] = [100, 10, 20, 'SF1234567890_W'];
const SCENARIO = { labelBytes: 0, orderDelayMs: API_MS, pathDelayMs: API_MS };
type Push = { waybillId: string; version: number };

/** `run` with the database answering after DATABASE_MS; with the getPath calls and orders lookups it caused. */
async function slowDatabase<R>({ backend }: Bench, run: () => Promise<R>) {
  const count = () => [backend.calls.filter((c) => c.api === 'getPath'), backend.database.actions.filter((a) => a.collection === 'orders')];
  const before = count().map((list) => list.length);
  backend.database.latencyMs = DATABASE_MS;
  const value = await run().finally(() => (backend.database.latencyMs = 0));
  const [getPaths, orderLookups] = count().map((list, i) => list.length - before[i]);
  return { value, getPaths, orderLookups };
}

/** `events` through getWaybill in a new worker (a new instance), `concurrency` at a time; each outcome as `expected(i)`. */
async function looks(bench: Bench, events: object[], concurrency: number, expected: (i: number) => string) {
  const args = [BUILT, benchEvent(SCENARIO), events, concurrency] as const; // the warm-up call: no track
  const run = await slowDatabase(bench, () => inWorker(FUNCTIONS_MODULE, timeCalls, [...args], { env: bench.cloudEnv }));
  if (run.value.some((s, i) => s.outcome !== expected(i))) throw new Error(`unexpected outcomes: ${JSON.stringify(run.value)}`);
  return { ...run, walls: (parity: number) => run.value.filter((_, i) => i % 2 === parity).map((s) => s.wallMs) };
}

/** @public (a worker runs it by name): each push delivered as WeChat Cloud does, `concurrency` at a time, again (3 times at most) while main rejects. */
export async function deliverPushes(pushes: Push[], concurrency: number) {
  const [main, tally] = [loadMain(PUSH), { again: 0, undelivered: 0 }];
  const deliver = async ({ waybillId, version }: Push) => {
    const push = { MsgType: 'event', Event: 'add_express_path', DeliveryID: 'SF', WayBillId: waybillId, OrderId: 'O-1', Version: version };
    let failed = 0; // deliveries main rejected: WeChat delivers a push 4 times at most
    while (failed < 4 && (await main(push).catch(() => undefined)) === undefined) failed += 1;
    [tally.again, tally.undelivered] = [tally.again + Math.min(failed, 3), tally.undelivered + (failed === 4 ? 1 : 0)];
  };
  for (let start = 0; start < pushes.length; start += concurrency) await Promise.all(pushes.slice(start, start + concurrency).map(deliver));
  return tally;
}

/** Versions 1..`versions` of each waybill, each twice, shuffled, through waybillPush; then what the store holds. */
async function pushStorm(bench: Bench, waybills: number, versions: number) {
  const ordered = [...Array(waybills * versions * 2).keys()].map(
    (i) => [`${STORM_WAYBILL}${i % waybills}`, Math.floor(i / waybills) % versions] as const,
  );
  const keys = ordered.map(() => Math.random()); // a random sort key each
  const pushes = [...ordered.keys()]
    .sort((a, b) => keys[a] - keys[b])
    .map((i) => ({ waybillId: ordered[i][0], version: ordered[i][1] + 1 }));
  const startedAt = Date.now();
  const { value } = await slowDatabase(bench, () => inWorker(__filename, deliverPushes, [pushes, STORM_BATCH], { env: bench.cloudEnv }));
  const ms = Date.now() - startedAt;
  const stored = (bench.backend.database.store.documents('waybillTracks') ?? []).filter((doc) =>
    String(doc.waybillId).startsWith(STORM_WAYBILL),
  );
  const events = (doc: Record<string, unknown>) => (doc.events as unknown[]).map((event) => JSON.stringify(event));
  const atHighest = stored.filter((d) => d.version === versions).length;
  const twice = stored.filter((d) => new Set(events(d)).size !== events(d).length).length;
  return { pushes: pushes.length, atHighest, lost: waybills - stored.length, twice, ...value, ms };
}

export const storedTrack: Measurement = async (bench) => {
  const [n, together, waybills, versions] = bench.quick ? [2, 2, 2, 2] : [100, 50, 50, 5];
  const store = bench.backend.database.store;
  // Each look with the track, then the same call without it; the first look finds nothing stored and stores what getPath answers.
  store.setCollection('waybillTracks', []);
  const lookEvents = [...Array(n * 2).keys()].map((i) => benchEvent(SCENARIO, i % 2 === 0));
  const sequential = await looks(bench, lookEvents, 1, (i) => (i % 2 === 0 ? 'OK with track' : 'OK'));
  const [withTrack, without] = [0, 1].map((parity) => sequential.walls(parity).slice(1));
  store.setCollection('waybillTracks', []);
  const firstLooks = await looks(bench, Array(together).fill(benchEvent(SCENARIO, true)), together, () => 'OK with track');
  const storm = await pushStorm(bench, waybills, versions);
  const ratio = median(withTrack) / median(without);
  const counts = `${sequential.getPaths} and ${firstLooks.getPaths}`;
  const storing = `${storm.atHighest} of ${waybills}, ${storm.lost} lost, ${storm.twice} duplicated`;
  const [lookMeasure, stormMeasure] = [
    `getPath calls: ${n} looks one after another, ${together} first looks at once`,
    `push storm: ${storm.pushes} pushes for ${waybills} waybills, versions shuffled and duplicated, ${STORM_BATCH} at a time`,
  ];
  const stormMet = storing === `${waybills} of ${waybills}, 0 lost, 0 duplicated` && storm.undelivered === 0;
  const stormRow = [storm.pushes, waybills, storm.atHighest, storm.lost, storm.twice, storm.again, storm.undelivered].join(' | ');
  return {
    title: 'Stored track',
    summary: [
      ratioGoal('stored track: wall time with includeTrack (fresh stored track) vs without', ratio, 1.15),
      summaryRow(lookMeasure, '1 and 1', counts, sequential.getPaths, counts === '1 and 1'),
      summaryRow(stormMeasure, 'all at the highest version; 0 lost; 0 duplicated events', storing, storm.atHighest, stormMet),
    ],
    body: [
      `The built functions through the network seam, getOrder and getPath each answered after ${API_MS} ms and every database action after ${DATABASE_MS} ms, default settings (a 10-minute freshness window). Looks: \`includeTrack: true\` with a waybillId, ${n} of them one after another in one worker, each followed by the same call without the track; the first look finds nothing stored, asks getPath and stores its answer, so the ratio (median with / median without) is over the looks after it, served from the store. Then a new worker's ${together} first looks at one waybill, all at once, with nothing stored. Milliseconds, median (p25–p75).`,
      table('calls | wall ms | getPath calls | ratio', [
        `${n} looks with the track, one after another | ${span(withTrack, 1)} | ${sequential.getPaths} | ${x(ratio)}`,
        `the same without the track, in between | ${span(without, 1)} | – | 1.00x`,
        `${together} first looks at once, one instance | ${span(firstLooks.walls(0).concat(firstLooks.walls(1)), 1)} | ${firstLooks.getPaths} | –`,
      ]),
      `The push storm: waybillPush (built) receives ${storm.pushes} add_express_path pushes, versions 1 to ${versions} of each of ${waybills} waybills, each sent twice, in random order, ${STORM_BATCH} at a time in one worker, in ${storm.ms} ms; a push answered "deliver again" (main rejects) is delivered again, 3 times at most, as WeChat does. Each push makes waybillPush read the whole track from getPath (answered at once here) and store it if its version is newer than the stored one. "Duplicated": waybills whose stored track holds an event twice.`,
      table('pushes | waybills | at their highest version | lost | duplicated | delivered again | never stored', [stormRow]),
    ].join('\n\n'),
  };
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
  const env = { ...bench.cloudEnv, WX_OPENID: BENCH_BUYER };
  const run = await slowDatabase(bench, () => inWorker(__filename, sampleOrderCheck, [event, blocks, perBlock, warmUp], { env }));
  const checked = warmUp + blocks * perBlock; // the check really ran: one lookup per call with it, none without
  if (run.orderLookups !== checked) throw new Error(`expected ${checked} lookups in the orders collection, saw ${run.orderLookups}`);
  const { withCheck, without } = run.value;
  const ratio = median(withCheck.map((block, i) => block.wallUs / without[i].wallUs));
  const wallMs = (side: typeof without) => side.map((block) => block.wallUs / 1000);
  const row = (name: string, side: typeof without) => `${name} | ${span(wallMs(side), 1)} | ${span(side.map((b) => b.cpuUs))}`;
  return {
    title: 'Order check',
    summary: [ratioGoal("order check: the owner's call with WAYBILL_ORDERS vs without, wall time", ratio, 1.12)],
    body: [
      `The built getWaybill through the network seam, called by the order's owner (not an admin), getOrder answered after ${API_MS} ms and every database action after ${DATABASE_MS} ms; WAYBILL_ORDERS set to orders.orderNo (the orders collection holding the order, owned by the caller) and unset, in turn on one warm instance: ${blocks * perBlock} calls per side in ABBA blocks of ${perBlock}, each block timed as a whole; the ratio is the median over neighbouring block pairs of (with / without). The check asks the database beside getOrder, so it costs only what its answer takes beyond getOrder's. Per call, median over blocks (p25–p75).`,
      table('variant | wall ms | CPU µs | wall ratio', [
        `${row('with the order check', withCheck)} | ${x(ratio)}`,
        `${row('without', without)} | 1.00x`,
      ]),
    ].join('\n\n'),
  };
};
