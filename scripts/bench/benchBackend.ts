// WeChat's side of every measure: getOrder's answer with a label of an exact
// size, as WeChat sends it (print_html is the label's UTF-8 HTML in BASE64),
// and getPath's. The request names what it wants in its order id (a JSON
// scenario), so one emulator serves every worker without being told anything:
// how big a label, how long each API takes, whether the first attempt hangs.
import type { EmulatorAnswer, LogisticsApi } from '../../emulator/logisticsEmulator';
import { startEmulatorServer, type EmulatorServer } from '../../emulator/emulatorServer';

export interface Scenario {
  /** UTF-8 bytes of the label's HTML; 0: no print_html at all. */
  labelBytes: number;
  orderDelayMs?: number;
  pathDelayMs?: number;
  /** getOrder's first attempt for this order id is never answered. */
  hangFirstAttempt?: boolean;
  /** Tells apart calls that are otherwise the same (hangFirstAttempt counts attempts per order id). */
  n?: number;
}

export const BENCH_ADMIN = 'oBenchAdmin_0000000000000001';
export const BENCH_DELIVERY_ID = 'SF';
export const BENCH_WAYBILL_ID = 'SF1234567890';

/** getPath's query has no order id: its delay travels in the waybill id. */
const PATH_DELAY = /_P(\d+)$/;

export function benchEvent(scenario: Scenario, includeTrack = false): Record<string, unknown> {
  const waybillId = scenario.pathDelayMs !== undefined ? `${BENCH_WAYBILL_ID}_P${scenario.pathDelayMs}` : BENCH_WAYBILL_ID;
  const event: Record<string, unknown> = { orderId: JSON.stringify(scenario), deliveryId: BENCH_DELIVERY_ID, waybillId };
  if (includeTrack) event.includeTrack = true;
  return event;
}

const HEAD =
  '<html lang="en"><head><meta charset="utf-8"><title>SF waybill</title><style>td{border:1px solid #000;padding:2px}</style></head><body><table>';
const TAIL = '</table></body></html>';
// Labels are mostly markup with Chinese names and addresses in it: both kinds of characters matter
// (V8 keeps a string with any Chinese in it at two bytes per character).
const ROW = '<tr><td>收件人</td><td>李四 138****0000 广东省广州市天河区体育西路 1 号</td></tr>\n';

/** A label page of exactly `bytes` bytes of UTF-8 (at least the fixed head and tail). */
export function makeLabelHtml(bytes: number): string {
  const fixedBytes = Buffer.byteLength(HEAD + TAIL);
  if (bytes < fixedBytes) throw new Error(`a label needs at least ${fixedBytes} bytes`);
  const rowBytes = Buffer.byteLength(ROW);
  const rows = Math.floor((bytes - fixedBytes) / rowBytes);
  return HEAD + ROW.repeat(rows) + ' '.repeat(bytes - fixedBytes - rows * rowBytes) + TAIL;
}

const base64Labels = new Map<number, string>();

/** WeChat's snake_case getOrder body for this order id; print_html only when the scenario has a label. */
export function orderBody(orderId: string, labelBytes: number, waybillId = BENCH_WAYBILL_ID): Record<string, unknown> {
  const body: Record<string, unknown> = {
    errcode: 0,
    errmsg: 'ok',
    order_id: orderId,
    delivery_id: BENCH_DELIVERY_ID,
    waybill_id: waybillId,
    order_status: 0,
    waybill_data: [
      { key: 'SF_bagAddr', value: '广州' },
      { key: 'SF_mark', value: '020-WA-001' },
    ],
  };
  if (labelBytes > 0) {
    let base64 = base64Labels.get(labelBytes);
    if (base64 === undefined) {
      base64 = Buffer.from(makeLabelHtml(labelBytes), 'utf8').toString('base64');
      base64Labels.set(labelBytes, base64);
    }
    body.print_html = base64;
  }
  return body;
}

const PATH_BODY = {
  errcode: 0,
  errmsg: 'ok',
  delivery_id: BENCH_DELIVERY_ID,
  path_item_num: 3,
  path_item_list: [
    { action_time: 1764300000, action_type: 100001, action_msg: '快件已揽收' },
    { action_time: 1764310000, action_type: 200001, action_msg: '快件到达广州转运中心' },
    { action_time: 1764320000, action_type: 300002, action_msg: '快递员正在派送' },
  ],
};

function parseScenario(orderId: unknown): Scenario {
  try {
    const scenario = JSON.parse(String(orderId)) as Scenario;
    if (typeof scenario.labelBytes === 'number') return scenario;
  } catch {
    // fall through: not a bench order
  }
  throw new Error(`not a bench order id: ${String(orderId).slice(0, 80)}`);
}

/** The emulator, answering getOrder by the order id's scenario and getPath after the delay its waybill id names. */
export function startBenchBackend(): Promise<EmulatorServer> {
  const attempts = new Map<string, number>();
  const after = (delayMs: number | undefined, answer: EmulatorAnswer): EmulatorAnswer =>
    delayMs !== undefined && delayMs > 0 ? { kind: 'slow', delayMs, then: answer } : answer;
  return startEmulatorServer({
    answer: ({ api, params }: { api: LogisticsApi; params: Record<string, unknown> }): EmulatorAnswer => {
      const waybillId = String(params.waybill_id);
      if (api === 'getPath')
        return after(Number(PATH_DELAY.exec(waybillId)?.[1] ?? 0), { kind: 'body', body: { ...PATH_BODY, waybill_id: waybillId } });
      const orderId = String(params.order_id);
      const scenario = parseScenario(orderId);
      const attempt = (attempts.get(orderId) ?? 0) + 1;
      attempts.set(orderId, attempt);
      if (scenario.hangFirstAttempt === true && attempt === 1) return { kind: 'hang' };
      return after(scenario.orderDelayMs, { kind: 'body', body: orderBody(orderId, scenario.labelBytes, waybillId) });
    },
  });
}
