// What the order check (WAYBILL_ORDERS) costs the buyer: the built getWaybill
// (wx-server-sdk inlined) against the emulator, getOrder answering in 100 ms
// and the cloud database in 10 ms, the owner's call with the check and without
// it, in alternating blocks (ABBA) on one warm instance. The check runs beside
// getOrder, so the goal is a wall time of at most 1.12x.
// Run: npm run build && npx tsx scripts/orderCheckCost.ts [calls per block, default 40]
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { GetWaybillResult } from '../miniprogram/contract/getWaybillContract';
import { applyEnv } from '../emulator/cloudCallCodec';
import { startEmulatorServer } from '../emulator/emulatorServer';
import { createLogisticsEmulator } from '../emulator/logisticsEmulator';
import { BUYER_OPENID } from '../emulator/sandboxOrders';

const BUILT_FUNCTION = path.join(__dirname, '..', 'cloudfunctions', 'getWaybill', 'index.js');
const GET_ORDER_MS = 100;
const DATABASE_MS = 10;
const GOAL = 1.12;
const EVENT = { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' };

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  const perBlock = Number(process.argv[2] ?? 40);
  if (!existsSync(BUILT_FUNCTION)) throw new Error(`${BUILT_FUNCTION} is missing: run npm run build first`);
  const sandbox = createLogisticsEmulator();
  const server = await startEmulatorServer({
    answer: (call) =>
      call.api === 'getOrder'
        ? { kind: 'slow', delayMs: GET_ORDER_MS, then: sandbox.answer(call.api, call.params) }
        : sandbox.answer(call.api, call.params),
  });
  server.database.latencyMs = DATABASE_MS;
  const restore = applyEnv({ ...server.cloudEnv({ openid: BUYER_OPENID }), WAYBILL_ADMIN_OPENIDS: 'oEMULATOR_ADMIN_0001' });
  const consoleLog = console.log;
  console.log = () => undefined; // the function's log line, once per call
  try {
    const { main: getWaybill } = require(BUILT_FUNCTION) as { main: (event: unknown) => Promise<GetWaybillResult> };
    const block = async (orders: string): Promise<number[]> => {
      process.env.WAYBILL_ORDERS = orders;
      const times: number[] = [];
      for (let i = 0; i < perBlock; i++) {
        const startedAt = process.hrtime.bigint();
        const result = await getWaybill(EVENT);
        times.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
        if (!result.ok) throw new Error(`the owner's call failed: ${result.error.code}`);
      }
      return times;
    };
    await block('orders.orderNo'); // warm-up: the SDK's first database and openapi calls
    await block('');
    const without: number[] = [];
    const withCheck: number[] = [];
    for (const order of ['off', 'on', 'on', 'off', 'off', 'on', 'on', 'off']) {
      (order === 'on' ? withCheck : without).push(...(await block(order === 'on' ? 'orders.orderNo' : '')));
    }
    // The check really ran: one lookup in the orders collection per call with it (warm-up included), none without.
    const lookups = server.database.actions.filter((action) => action.collection === 'orders').length;
    if (lookups !== withCheck.length + perBlock) throw new Error(`expected ${withCheck.length + perBlock} order lookups, saw ${lookups}`);
    const ratio = median(withCheck) / median(without);
    const total = withCheck.reduce((a, b) => a + b, 0) / without.reduce((a, b) => a + b, 0);
    consoleLog(
      `owner's call, getOrder ${GET_ORDER_MS} ms, database ${DATABASE_MS} ms, ${without.length} calls each way (ABBA blocks of ${perBlock})`,
    );
    consoleLog(`  without the check  median ${median(without).toFixed(1)} ms`);
    consoleLog(`  with the check     median ${median(withCheck).toFixed(1)} ms`);
    consoleLog(
      `  ratio              ${ratio.toFixed(3)}x by median, ${total.toFixed(3)}x by total (goal <= ${GOAL}x): ${ratio <= GOAL ? 'met' : 'missed'}`,
    );
  } finally {
    console.log = consoleLog;
    restore();
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`orderCheckCost failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
