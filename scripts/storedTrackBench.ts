// `npx tsx scripts/storedTrackBench.ts`: issue 19's goals for the stored track,
// measured on the built functions against the emulator (getOrder and getPath
// answered after 100 ms, the database after 10 ms), printed as ratios and
// counts. A stopgap until `npm run bench` takes these measures in.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { applyEnv } from '../emulator/cloudCallCodec';
import { startEmulatorServer, type ReceivedCall } from '../emulator/emulatorServer';
import { createLogisticsEmulator, type EmulatorAnswer } from '../emulator/logisticsEmulator';

const ROOT = path.join(__dirname, '..');
const GET_WAYBILL = path.join(ROOT, 'cloudfunctions', 'getWaybill', 'index.js');
const WAYBILL_PUSH = path.join(ROOT, 'cloudfunctions', 'waybillPush', 'index.js');
const DOCS_EXAMPLE = path.join(ROOT, 'scripts', 'bench', 'docsExampleFunction.js');
const ADMIN = 'oBENCH_ADMIN_000000000000001';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
type Main = (event: unknown) => Promise<unknown>;

/** Push storm: the track of waybill W has as many events as the highest Version sent for it so far. */
const sentVersion = new Map<string, number>();
function stormTrack(waybillId: string): EmulatorAnswer {
  const count = sentVersion.get(waybillId) ?? 0;
  const list = Array.from({ length: count }, (_, i) => ({ action_time: 1764000000 + i * 60, action_type: 200001, action_msg: `e${i}` }));
  return { kind: 'body', body: { errcode: 0, delivery_id: 'SF', waybill_id: waybillId, path_item_num: count, path_item_list: list } };
}

/** The functions log each call through console.log: the figures go to stdout directly. */
const report = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  console.log = () => undefined;
  const sandbox = createLogisticsEmulator();
  const server = await startEmulatorServer({
    answer: async (call: ReceivedCall) => {
      await sleep(100);
      const waybillId = String(call.params.waybill_id);
      return waybillId.startsWith('BENCH_') ? stormTrack(waybillId) : sandbox.answer(call.api, call.params);
    },
  });
  server.database.latencyMs = 10;
  const restore = applyEnv({ ...server.cloudEnv({ openid: ADMIN }), WAYBILL_ADMIN_OPENIDS: ADMIN });
  const getWaybill = (require(GET_WAYBILL) as { main: Main }).main;
  const waybillPush = (require(WAYBILL_PUSH) as { main: Main }).main;
  const getPaths = (): number => server.calls.filter((call) => call.api === 'getPath').length;
  const order = { orderId: 'SF_ORDER_0001', deliveryId: 'SF', waybillId: 'SF1400000000001' };

  // 1. A fresh stored track beside getOrder, against the same call without the track.
  await getWaybill({ ...order, includeTrack: true }); // stores the track
  const plain: number[] = [];
  const withTrack: number[] = [];
  for (let round = 0; round < 30; round++) {
    for (const [times, event] of round % 2 === 0
      ? ([
          [plain, order],
          [withTrack, { ...order, includeTrack: true }],
        ] as const)
      : ([
          [withTrack, { ...order, includeTrack: true }],
          [plain, order],
        ] as const)) {
      const startedAt = process.hrtime.bigint();
      await getWaybill(event);
      times.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
    }
  }
  report(
    `fresh stored track: ${median(withTrack).toFixed(1)} ms vs ${median(plain).toFixed(1)} ms without the track: ${(median(withTrack) / median(plain)).toFixed(3)}x (goal <= 1.15x)`,
  );

  // 2. getPath calls for 100 sequential looks, then for 50 concurrent first looks.
  server.database.store.setCollection('waybillTracks', []);
  let before = getPaths();
  for (let look = 0; look < 100; look++) await getWaybill({ ...order, includeTrack: true });
  const sequential = getPaths() - before;
  server.database.store.setCollection('waybillTracks', []);
  before = getPaths();
  await Promise.all(Array.from({ length: 50 }, () => getWaybill({ ...order, includeTrack: true })));
  report(`getPath calls: ${sequential} for 100 sequential looks, ${getPaths() - before} for 50 concurrent first looks (goal 1 and 1)`);

  // 3. 500 pushes for 50 waybills, versions 1-5 each sent twice, shuffled, 20 at a time.
  applyEnv({ ...server.cloudEnv({ openid: undefined }) });
  const pushes = Array.from({ length: 50 }, (_, w) =>
    [1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((version) => ({ waybillId: `BENCH_${w}`, version })),
  ).flat();
  for (let i = pushes.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pushes[i], pushes[j]] = [pushes[j], pushes[i]];
  }
  let redelivered = 0;
  const stormStart = Date.now();
  for (let i = 0; i < pushes.length; i += 20) {
    await Promise.all(
      pushes.slice(i, i + 20).map(async ({ waybillId, version }) => {
        sentVersion.set(waybillId, Math.max(sentVersion.get(waybillId) ?? 0, version));
        const push = {
          MsgType: 'event',
          Event: 'add_express_path',
          DeliveryID: 'SF',
          WayBillId: waybillId,
          OrderId: `O-${waybillId}`,
          Version: version,
        };
        // A push answered "deliver again" is delivered again, as WeChat does (3 retries).
        for (let attempt = 0; attempt < 4; attempt++) {
          try {
            return await waybillPush(push);
          } catch {
            redelivered += 1;
          }
        }
        return undefined;
      }),
    );
  }
  const stored = (server.database.store.documents('waybillTracks') ?? []).filter((doc) => String(doc._id).startsWith('SF-BENCH_'));
  const atHighest = stored.filter((doc) => doc.version === 5 && doc.totalEvents === 5).length;
  const duplicated = stored.filter(
    (doc) => new Set((doc.events as Array<{ time: number }>).map((e) => e.time)).size !== (doc.events as unknown[]).length,
  ).length;
  report(
    `push storm: ${atHighest} of 50 waybills at their highest Version, ${50 - stored.length} lost, ${duplicated} with an event twice, ${redelivered} deliveries again, ${Date.now() - stormStart} ms`,
  );
  restore();

  // 4. Cold start: a fresh Node loading waybillPush and storing its first push, against the docs' getOrder example.
  const env = { ...process.env, ...server.cloudEnv({ openid: ADMIN }) };
  const child = (file: string, event: unknown): Promise<number> =>
    new Promise((resolve, reject) => {
      const script = `const t=process.hrtime.bigint();require(process.argv[1]).main(JSON.parse(process.argv[2])).then(()=>{process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));process.exit(0)},e=>{console.error(e);process.exit(3)})`;
      let out = '';
      const proc = spawn(process.execPath, ['-e', script, file, JSON.stringify(event)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      proc.on('exit', (code) => (code === 0 ? resolve(Number(out.trim().split('\n').pop())) : reject(new Error(`exit ${code}`))));
    });
  const ours: number[] = [];
  const docs: number[] = [];
  for (let round = 0; round < 9; round++) {
    const push = {
      MsgType: 'event',
      Event: 'add_express_path',
      DeliveryID: 'SF',
      WayBillId: `BENCH_COLD_${round}`,
      OrderId: 'O-COLD',
      Version: 1,
    };
    ours.push(await child(WAYBILL_PUSH, push));
    docs.push(await child(DOCS_EXAMPLE, { orderId: 'SF_ORDER_0001', deliveryId: 'SF' }));
  }
  report(
    `cold start (load + first call): waybillPush ${median(ours).toFixed(0)} ms vs the docs' getOrder example ${median(docs).toFixed(0)} ms: ${(median(ours) / median(docs)).toFixed(2)}x (goal <= 0.8x)`,
  );
  await server.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
