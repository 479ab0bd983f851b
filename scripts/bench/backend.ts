// WeChat's side of every measurement: getOrder's answer with a label of an exact size (print_html: its UTF-8 HTML in BASE64), getPath's,
// the cloud database. The order id is a JSON scenario, so one emulator serves every worker untold: label size, delays, hung attempts.
import type { EmulatorAnswer } from '../../emulator/logisticsEmulator';
import { startEmulatorServer, type EmulatorServer } from '../../emulator/emulatorServer';

// labelBytes: the label's UTF-8 bytes (0: none); hangFirstAttempt: getOrder's first attempt never answered; n: tells equal calls apart.
type Scenario = { labelBytes: number; orderDelayMs?: number; pathDelayMs?: number; hangFirstAttempt?: boolean; n?: number };

export const [BENCH_ADMIN, BENCH_BUYER] = ['oBenchAdmin_0000000000000001', 'oBenchBuyer_0000000000000001'];
const WAYBILL_ID = 'SF1234567890';
const PATH_DELAY = /_P(\d+)$/; // getPath's query has no order id: its delay travels in the waybill id

/** An add_express_path push, with the fields waybillPush reads. */
export function benchPush(WayBillId: string, Version: number) {
  return { MsgType: 'event', Event: 'add_express_path', DeliveryID: 'SF', WayBillId, OrderId: 'O-1', Version };
}

export function benchEvent(scenario: Scenario, includeTrack = false): Record<string, unknown> {
  const waybillId = scenario.pathDelayMs === undefined ? WAYBILL_ID : `${WAYBILL_ID}_P${scenario.pathDelayMs}`;
  return { orderId: JSON.stringify(scenario), deliveryId: 'SF', waybillId, ...(includeTrack ? { includeTrack } : {}) };
}

const HEAD =
  '<html lang="en"><head><meta charset="utf-8"><title>SF waybill</title><style>td{border:1px solid #000;padding:2px}</style></head><body><table>';
const TAIL = '</table></body></html>';
// Mostly markup with Chinese in it, as real labels are (V8 keeps a string with any Chinese at two bytes per character).
const ROW = '<tr><td>收件人</td><td>李四 138****0000 广东省广州市天河区体育西路 1 号</td></tr>\n';

/** A label page of exactly `bytes` bytes of UTF-8. */
export function makeLabelHtml(bytes: number): string {
  const rows = Math.max(0, Math.floor((bytes - Buffer.byteLength(HEAD + TAIL)) / Buffer.byteLength(ROW)));
  const html = HEAD + ROW.repeat(rows);
  return html + ' '.repeat(Math.max(0, bytes - Buffer.byteLength(html + TAIL))) + TAIL;
}

const ANSWERED = { errcode: 0, errmsg: 'ok', delivery_id: 'SF' };
export const WAYBILL_DATA = Object.entries({ SF_bagAddr: '广州', SF_mark: '020-WA-001' }).map(([key, value]) => ({ key, value }));
let lastLabel = { bytes: 0, base64: '' }; // one label kept: a bench asks for the same one over and over

/** WeChat's snake_case getOrder body; print_html only when there is a label. */
export function orderBody(orderId: string, labelBytes: number, waybillId = WAYBILL_ID) {
  const body = { ...ANSWERED, order_id: orderId, waybill_id: waybillId, order_status: 0, waybill_data: WAYBILL_DATA };
  if (labelBytes === 0) return body;
  if (lastLabel.bytes !== labelBytes) lastLabel = { bytes: labelBytes, base64: Buffer.from(makeLabelHtml(labelBytes)).toString('base64') };
  return { ...body, print_html: lastLabel.base64 };
}

const PATH_ITEMS = Object.entries({ 100001: '快件已揽收', 200001: '快件到达广州转运中心', 300002: '快递员正在派送' }).map(
  ([type, action_msg], i) => ({ action_time: 1764300000 + i * 10000, action_type: Number(type), action_msg }),
);
const pathBody = (waybill_id: string) => ({ ...ANSWERED, waybill_id, path_item_num: 3, path_item_list: PATH_ITEMS });

/** The emulator, answering getOrder by the order id's scenario and getPath after the delay its waybill id names. */
export function startBenchBackend(): Promise<EmulatorServer> {
  const attempts = new Map<string, number>();
  const after = (delayMs: number | undefined, answer: EmulatorAnswer): EmulatorAnswer =>
    delayMs !== undefined && delayMs > 0 ? { kind: 'slow', delayMs, then: answer } : answer;
  return startEmulatorServer({
    answer: ({ api, params }) => {
      const waybillId = String(params.waybill_id);
      if (api === 'getPath') return after(Number(PATH_DELAY.exec(waybillId)?.[1] ?? 0), { kind: 'body', body: pathBody(waybillId) });
      const orderId = String(params.order_id);
      const scenario = JSON.parse(orderId) as Scenario;
      attempts.set(orderId, (attempts.get(orderId) ?? 0) + 1);
      if (scenario.hangFirstAttempt === true && attempts.get(orderId) === 1) return { kind: 'hang' };
      return after(scenario.orderDelayMs, { kind: 'body', body: orderBody(orderId, scenario.labelBytes, waybillId) });
    },
  });
}
