// The command line of `npm start`: what it accepts, its defaults and its usage text.
import { parseArgs } from 'node:util';
import { RESERVED_ORDERS } from '../../emulator/logisticsEmulator';
import { BUYER_OPENID, DEFAULT_ORDER_ID, SANDBOX_ORDERS } from '../../emulator/sandboxOrders';

/** The caller `npm start` acts as unless --caller says otherwise; always an admin. */
export const DEFAULT_ADMIN_OPENID = 'oEMULATOR_ADMIN_0001';
/** A user of the mini program who owns none of the sandbox orders: with the order check on, sees none of them. */
export const STRANGER_OPENID = 'oEMULATOR_STRANGER_0001';
/** WAYBILL_ORDERS for emulator runs: the emulator's seeded orders collection, by its order id field. */
export const EMULATOR_ORDERS = 'orders.orderNo';

export interface StartOptions {
  event: { orderId: string; deliveryId: string; waybillId?: string; openid?: string; printType?: number; includeTrack?: boolean };
  /** The OPENID the call comes from; undefined = no caller at all. */
  caller: string | undefined;
  json: boolean;
  out: string | undefined;
  live: boolean;
  /** --advance: move this sandbox order's parcel on and deliver WeChat's push to waybillPush, instead of a call. */
  advance?: string;
}

export type ParsedCommand = { help: true } | { help: false; options: StartOptions } | { help: false; usageError: string };

export function usage(): string {
  const orders = SANDBOX_ORDERS.map(
    (order) =>
      `    ${order.orderId.padEnd(22)} ${order.deliveryId.padEnd(5)} ${(order.orderStatus === 1 ? 'cancelled' : 'normal').padEnd(9)} ${order.track.length} track events`,
  );
  const faults = RESERVED_ORDERS.map((fault) => `    ${fault.id.padEnd(26)} ${fault.behaviour}`);
  return [
    'Usage: npm start -- [options]',
    '',
    'Runs the built getWaybill cloud function (with the real wx-server-sdk) against the local',
    'logistics emulator, prints the waybill and writes its label to an HTML file.',
    '',
    'Options:',
    `  --order-id ID       order to fetch (default ${DEFAULT_ORDER_ID})`,
    "  --delivery-id ID    carrier id (default: the sandbox order's carrier, else TEST)",
    '  --waybill-id ID     waybill number to check the order against',
    '  --openid OPENID     the user the order was created for',
    '  --print-type 0|1    0 = two-part label (default), 1 = one-part label',
    `  --caller OPENID     call as this user (default ${DEFAULT_ADMIN_OPENID}, an admin);`,
    '                      --caller "" calls with no user at all',
    `                      ${BUYER_OPENID} owns the sandbox orders, ${STRANGER_OPENID} none:`,
    `                      the order check (WAYBILL_ORDERS=${EMULATOR_ORDERS}) shows them only to their owner`,
    "  --track             also fetch the waybill's track (getPath) and print its timeline",
    '  --json              print the raw result as JSON',
    '  --out FILE          where to write the label (default out/label-<order id>.html)',
    '  --live              ask the real WeChat API over HTTPS instead (needs WX_APPID and',
    '                      WX_APPSECRET; WX_API_BASE_URL overrides https://api.weixin.qq.com)',
    "  --advance ORDER_ID  move a sandbox parcel on by one event and deliver WeChat's push to",
    '                      the built waybillPush, which stores the track (then try --track)',
    '  -h, --help          show this text',
    '',
    'Sandbox orders:',
    ...orders,
    'Reserved order ids (any carrier) that fail on purpose:',
    ...faults,
  ].join('\n');
}

export function parseStartCommand(args: string[]): ParsedCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'order-id': { type: 'string' },
        'delivery-id': { type: 'string' },
        'waybill-id': { type: 'string' },
        openid: { type: 'string' },
        'print-type': { type: 'string' },
        caller: { type: 'string' },
        track: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        live: { type: 'boolean', default: false },
        advance: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { help: false, usageError: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { help: true };

  const printType = values['print-type'];
  if (printType !== undefined && printType !== '0' && printType !== '1') {
    return { help: false, usageError: `--print-type must be 0 or 1, not "${printType}"` };
  }
  if (values.out === '') return { help: false, usageError: '--out needs a file name' };

  // Everything else goes to the function as typed: checking it is the function's job, and seeing it do so is the point.
  const orderId = values['order-id'] ?? DEFAULT_ORDER_ID;
  const sandboxOrder = SANDBOX_ORDERS.find((order) => order.orderId === orderId);
  const event: StartOptions['event'] = { orderId, deliveryId: values['delivery-id'] ?? sandboxOrder?.deliveryId ?? 'TEST' };
  if (values['waybill-id'] !== undefined) event.waybillId = values['waybill-id'];
  if (values.openid !== undefined) event.openid = values.openid;
  if (printType !== undefined) event.printType = Number(printType);
  if (values.track === true) event.includeTrack = true;

  const caller = values.caller ?? DEFAULT_ADMIN_OPENID;
  return {
    help: false,
    options: {
      event,
      caller: caller === '' ? undefined : caller,
      json: values.json === true,
      out: values.out,
      live: values.live === true,
      ...(values.advance === undefined ? {} : { advance: values.advance }),
    },
  };
}
