// WeChat's logistics backend as far as getOrder goes: looks up sandbox
// orders and answers the way WeChat does (snake_case body, BASE64 print_html),
// with a few reserved order ids that fail on purpose. The answer says what to
// do, not how: the SDK seam and the HTTP server each deliver it their own way,
// so both servings share this one data set and one set of faults.
import { renderLabelPage } from './labelPage';
import { DEFAULT_ORDER_ID, SANDBOX_ORDERS, type SandboxOrder } from './sandboxOrders';

export type TransportFault = 'reset' | 'serverError' | 'notJson';

export type GetOrderAnswer =
  | { kind: 'body'; body: Record<string, unknown> } // WeChat's JSON body, success or errcode
  | { kind: 'noPermission' } // the mini program may not call getOrder
  | { kind: 'transportFault'; fault: TransportFault }
  | { kind: 'slow'; delayMs: number; then: GetOrderAnswer };

export interface ReservedOrder {
  orderId: string;
  /** What the emulator does, in words. */
  behaviour: string;
  /** What getWaybill resolves, in words. */
  outcome: string;
}

/** Order ids that trigger faults, with any delivery id. Kept as data so `npm start -- --help` can list them. */
export const RESERVED_ORDERS: readonly ReservedOrder[] = [
  {
    orderId: 'FAULT_BUSY_ONCE',
    behaviour: 'errcode -1 (system busy) the first time this emulator is asked, then a normal TEST order',
    outcome: 'ok after one retry',
  },
  {
    orderId: 'FAULT_BUSY_ALWAYS',
    behaviour: 'errcode -1 (system busy) every time',
    outcome: 'UPSTREAM_BUSY, errCode -1, after retrying until the deadline',
  },
  {
    orderId: 'FAULT_CARRIER_ERROR',
    behaviour: "errcode 9300501 with the carrier's delivery_resultcode/msg",
    outcome: 'UPSTREAM_ERROR, errCode 9300501, not retried',
  },
  { orderId: 'FAULT_NO_PERMISSION', behaviour: 'cloud call: platform error -604101; HTTPS: errcode 48001', outcome: 'NOT_CONFIGURED' },
  {
    orderId: 'FAULT_SLOW',
    behaviour: 'answers a normal TEST order after 10 s (longer than the deadline)',
    outcome: 'UPSTREAM_BUSY when the deadline passes',
  },
  {
    orderId: 'FAULT_RESET',
    behaviour: 'drops the connection (cloud call: ECONNRESET, which the SDK reports as -501001)',
    outcome: 'UPSTREAM_BUSY after retrying',
  },
  {
    orderId: 'FAULT_HTTP_502',
    behaviour: 'HTTPS: status 502 with an HTML page; cloud call: ECONNRESET',
    outcome: 'UPSTREAM_BUSY after retrying',
  },
  {
    orderId: 'FAULT_NOT_JSON',
    behaviour: 'HTTPS: status 200 with a body that is not JSON; cloud call: ECONNRESET',
    outcome: 'UPSTREAM_BUSY after retrying',
  },
];

export const DEFAULT_SLOW_ANSWER_MS = 10_000;

export interface LogisticsEmulatorOptions {
  /** How long FAULT_SLOW takes to answer. */
  slowAnswerMs?: number;
}

export interface LogisticsEmulator {
  /** Answers one getOrder call; params are the snake_case request fields. */
  answerGetOrder(params: Record<string, unknown>): GetOrderAnswer;
}

const error = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}): GetOrderAnswer => ({
  kind: 'body',
  body: { errcode, errmsg, ...extra },
});

function orderBody(order: SandboxOrder, printType: unknown): Record<string, unknown> {
  return {
    errcode: 0,
    errmsg: 'ok',
    print_html: Buffer.from(renderLabelPage(order, printType), 'utf8').toString('base64'),
    waybill_data: order.waybillData.map((row) => ({ key: row.key, value: row.value })),
    delivery_id: order.deliveryId,
    order_id: order.orderId,
    waybill_id: order.waybillId,
    order_status: order.orderStatus,
  };
}

/** A reserved order that eventually succeeds looks like the default TEST order under the id that was asked for. */
function standInOrder(orderId: string, deliveryId: string): SandboxOrder {
  const template = SANDBOX_ORDERS.find((order) => order.orderId === DEFAULT_ORDER_ID) as SandboxOrder;
  return { ...template, orderId, deliveryId };
}

export function createLogisticsEmulator(options: LogisticsEmulatorOptions = {}): LogisticsEmulator {
  const slowAnswerMs = options.slowAnswerMs ?? DEFAULT_SLOW_ANSWER_MS;
  let busyOnceAnswered = false;

  function answerGetOrder(params: Record<string, unknown>): GetOrderAnswer {
    const { order_id: orderId, delivery_id: deliveryId, waybill_id: waybillId, print_type: printType } = params;
    if (typeof orderId !== 'string' || orderId === '' || typeof deliveryId !== 'string' || deliveryId === '') {
      return error(930561, 'args error');
    }
    switch (orderId) {
      case 'FAULT_BUSY_ONCE':
        if (!busyOnceAnswered) {
          busyOnceAnswered = true;
          return error(-1, 'system error');
        }
        return { kind: 'body', body: orderBody(standInOrder(orderId, deliveryId), printType) };
      case 'FAULT_BUSY_ALWAYS':
        return error(-1, 'system error');
      case 'FAULT_CARRIER_ERROR':
        return error(9300501, 'delivery logic fail', { delivery_resultcode: 10002, delivery_resultmsg: '运单不存在或已作废' });
      case 'FAULT_NO_PERMISSION':
        return { kind: 'noPermission' };
      case 'FAULT_SLOW':
        return {
          kind: 'slow',
          delayMs: slowAnswerMs,
          then: { kind: 'body', body: orderBody(standInOrder(orderId, deliveryId), printType) },
        };
      case 'FAULT_RESET':
        return { kind: 'transportFault', fault: 'reset' };
      case 'FAULT_HTTP_502':
        return { kind: 'transportFault', fault: 'serverError' };
      case 'FAULT_NOT_JSON':
        return { kind: 'transportFault', fault: 'notJson' };
    }
    // WeChat looks orders up by (order_id, delivery_id); whether it checks openid is not documented, so the emulator does not.
    const order = SANDBOX_ORDERS.find((candidate) => candidate.orderId === orderId && candidate.deliveryId === deliveryId);
    if (order === undefined) return error(930563, 'order not exists');
    if (waybillId !== undefined && waybillId !== order.waybillId) return error(40199, 'invalid waybill_id');
    return { kind: 'body', body: orderBody(order, printType) };
  }

  return { answerGetOrder };
}
