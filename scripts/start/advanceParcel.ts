// `npm start -- --advance ORDER_ID`: the emulator plays WeChat's
// test_update_order (the sandbox parcel moves on by one event) and delivers the
// add_express_path push it makes to the built waybillPush, as WeChat Cloud
// would: the push as the function's event, no user, the database behind the
// service endpoint. The database is kept in a file (START_DATABASE_FILE), so a
// later `npm start -- --track` finds the stored track.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { applyEnv } from '../../emulator/cloudCallCodec';
import { startEmulatorServer } from '../../emulator/emulatorServer';
import { chinaTime } from './printResult';

const BUILT_PUSH_FUNCTION = path.join(__dirname, '..', '..', 'cloudfunctions', 'waybillPush', 'index.js');
/** Where `npm start` keeps the emulator's cloud database between runs (out/ is git-ignored). */
export const START_DATABASE_FILE = path.join('out', 'emulator-db.json');

interface AdvanceIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

export async function advanceParcel(orderId: string, io: AdvanceIo): Promise<number> {
  if (!existsSync(BUILT_PUSH_FUNCTION)) {
    io.stderr(`${BUILT_PUSH_FUNCTION} is missing: run npm run build (npm start does it for you).\n`);
    return 2;
  }
  const server = await startEmulatorServer({ databaseFile: path.resolve(io.cwd, START_DATABASE_FILE) });
  // WeChat Cloud invokes the routed function with no user; what SOURCE it gives a push is not documented: none here.
  const restoreEnv = applyEnv({ ...server.cloudEnv({ openid: undefined }), TCB_SOURCE: undefined, WAYBILL_TRANSPORT: undefined });
  const consoleLog = console.log;
  console.log = (...values: unknown[]) => io.stderr(`log: ${format(...values)}\n`);
  try {
    let push;
    try {
      push = server.advanceParcel(orderId);
    } catch (error) {
      io.stderr(`--advance: ${(error as Error).message}\n`);
      return 2;
    }
    const newest = push.Actions[push.Actions.length - 1];
    io.stdout(
      `parcel ${push.WayBillId} (${push.DeliveryID}) moved on: ${chinaTime(newest.ActionTime)}  ${newest.ActionMsg}\n` +
        `delivering add_express_path (Version ${push.Version}, ${push.Count} events) to waybillPush...\n`,
    );
    const { main } = require(BUILT_PUSH_FUNCTION) as { main: (event: unknown) => Promise<unknown> };
    try {
      const answer = await main(push);
      io.stdout(
        `waybillPush answered ${String(answer)}: the track is in the cloud database.\n` +
          `See it served from there: npm start -- --track --order-id ${push.OrderId}\n`,
      );
      return 0;
    } catch (error) {
      io.stdout(`waybillPush failed (${(error as Error).message}): WeChat would deliver the push again.\n`);
      return 1;
    }
  } finally {
    console.log = consoleLog;
    restoreEnv();
    await server.close();
  }
}
