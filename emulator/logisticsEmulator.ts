// WeChat's logistics backend as far as getOrder and getPath go: looks up the
// sandbox orders and answers the way WeChat does (snake_case body, BASE64
// print_html, path_item_list in no particular order), with reserved ids that
// fail on purpose. The answer says what to do, not how: the cloud endpoint
// (behind wx-server-sdk) and the HTTPS API server each deliver it their own
// way, so both share this one data set and one set of faults.
import { renderLabelPage } from './labelPage';
import { DEFAULT_ORDER_ID, SANDBOX_ORDERS, type SandboxEvent, type SandboxOrder } from './sandboxOrders';

export type LogisticsApi = 'getOrder' | 'getPath';

export type EmulatorAnswer =
  /** WeChat's answer body: an object sent as JSON, or raw text with its content type. */
  | { kind: 'body'; body: Record<string, unknown> | string; contentType?: string }
  /** The mini program may not call this API: the cloud platform's -604101, errcode 48001 over HTTPS. */
  | { kind: 'noPermission' }
  /** The connection is dropped, or never answered. */
  | { kind: 'reset' }
  | { kind: 'hang' }
  /** A gateway's own error page with this HTTP status instead of WeChat's answer (the SDK reports it as -501001). */
  | { kind: 'gatewayError'; status: number }
  /** A code of the cloud platform itself, such as -501003 (request limit); sent as an errcode over HTTPS. */
  | { kind: 'platformError'; errorCode: number }
  | { kind: 'slow'; delayMs: number; then: EmulatorAnswer };

interface ReservedId {
  id: string;
  /** What the emulator does, in words. */
  behaviour: string;
  /** What getWaybill resolves, in words. */
  outcome: string;
}

/** Order ids that fail on purpose, with any carrier. Kept as data so `npm start -- --help` can list them. */
export const RESERVED_ORDERS: readonly ReservedId[] = [
  {
    id: 'FAULT_BUSY_ONCE',
    behaviour: 'errcode -1 (system busy) the first time this emulator is asked, then a normal TEST order',
    outcome: 'ok after one retry',
  },
  {
    id: 'FAULT_BUSY_ALWAYS',
    behaviour: 'errcode -1 (system busy) every time',
    outcome: 'UPSTREAM_BUSY, errCode -1, after retrying until the deadline',
  },
  {
    id: 'FAULT_CARRIER_ERROR',
    behaviour: "errcode 9300501 with the carrier's delivery_resultcode/msg",
    outcome: 'UPSTREAM_ERROR, errCode 9300501, not retried',
  },
  { id: 'FAULT_NO_PERMISSION', behaviour: 'cloud call: platform error -604101; HTTPS: errcode 48001', outcome: 'NOT_CONFIGURED' },
  {
    id: 'FAULT_SLOW',
    behaviour: 'answers a normal TEST order after 10 s (longer than the deadline)',
    outcome: 'UPSTREAM_BUSY when the deadline passes',
  },
  {
    id: 'FAULT_HANG_ONCE',
    behaviour: 'the first attempt never answers; the next gets a normal TEST order',
    outcome: 'ok: the hung attempt is abandoned and retried',
  },
  { id: 'FAULT_RESET', behaviour: 'drops the connection', outcome: 'UPSTREAM_BUSY after retrying' },
  { id: 'FAULT_NOT_JSON', behaviour: 'an HTML page with status 200 instead of JSON', outcome: 'UPSTREAM_BUSY after retrying' },
  {
    id: 'FAULT_HTTP_502',
    behaviour: 'status 502 with an HTML page from a gateway (the cloud call reports it as -501001)',
    outcome: 'UPSTREAM_BUSY after retrying',
  },
  {
    id: 'FAULT_TRACK_BUSY',
    behaviour: 'a normal TEST order whose getPath answers errcode -1 every time',
    outcome: 'the waybill, with track unavailable (UPSTREAM_BUSY, retryable)',
  },
  {
    id: 'FAULT_TRACK_NO_PERMISSION',
    behaviour: 'a normal TEST order whose getPath is not permitted (-604101 / 48001)',
    outcome: 'the waybill, with track unavailable (NOT_CONFIGURED)',
  },
];

/** How long FAULT_SLOW takes to answer: longer than any deadline. */
const SLOW_ANSWER_MS = 10_000;

interface LogisticsEmulatorOptions {
  /** How many upcoming events each order has gained (a previous run's `progress`); none by default. */
  progress?: Readonly<Record<string, number>>;
}

interface LogisticsEmulator {
  /** Answers one call; params are the snake_case request fields as sent. */
  answer(api: LogisticsApi, params: Record<string, unknown>): EmulatorAnswer;
  /**
   * WeChat's test_update_order: the order's next upcoming event joins its track (getPath
   * answers it from now on). Returns the order and its whole track, oldest first; throws
   * when the order is unknown or has nothing left to report.
   */
  advance(orderId: string): { order: SandboxOrder; track: SandboxEvent[] };
  /** Upcoming events gained per order id, to keep across runs. */
  readonly progress: Record<string, number>;
}

const errcode = (code: number, errmsg: string, extra: Record<string, unknown> = {}): EmulatorAnswer => ({
  kind: 'body',
  body: { errcode: code, errmsg, ...extra },
});

function orderBody(order: SandboxOrder, printType: unknown): EmulatorAnswer {
  return {
    kind: 'body',
    body: {
      errcode: 0,
      errmsg: 'ok',
      print_html: Buffer.from(renderLabelPage(order, printType), 'utf8').toString('base64'),
      waybill_data: order.waybillData.map((row) => ({ key: row.key, value: row.value })),
      delivery_id: order.deliveryId,
      order_id: order.orderId,
      waybill_id: order.waybillId,
      order_status: order.orderStatus,
    },
  };
}

/** getPath's list has no guaranteed order: the emulator answers its events in a fixed shuffle, so readers must sort. */
function pathBody(order: SandboxOrder, track: readonly SandboxEvent[], openid: unknown): EmulatorAnswer {
  const events = track.map((event) => ({ action_time: event.time, action_type: event.type, action_msg: event.message }));
  const shuffled = [...events.filter((_, i) => i % 2 === 1), ...events.filter((_, i) => i % 2 === 0)];
  const body: Record<string, unknown> = {
    errcode: 0,
    errmsg: 'ok',
    delivery_id: order.deliveryId,
    waybill_id: order.waybillId,
    path_item_num: shuffled.length,
    path_item_list: shuffled,
  };
  if (typeof openid === 'string') body.openid = openid;
  return { kind: 'body', body };
}

const TEMPLATE = SANDBOX_ORDERS.find((order) => order.orderId === DEFAULT_ORDER_ID) as SandboxOrder;

/** A reserved order that answers looks like the default TEST order, under its own ids. */
function standIn(orderId: string, deliveryId: string): SandboxOrder {
  return { ...TEMPLATE, orderId, deliveryId, waybillId: `${orderId}_WB` };
}

const TRACK_FAULTS = new Set(['FAULT_TRACK_BUSY', 'FAULT_TRACK_NO_PERMISSION']);

export function createLogisticsEmulator(options: LogisticsEmulatorOptions = {}): LogisticsEmulator {
  const progress: Record<string, number> = { ...options.progress };
  const trackOf = (order: SandboxOrder): SandboxEvent[] => [
    ...order.track,
    ...(order.upcoming ?? []).slice(0, progress[order.orderId] ?? 0),
  ];
  const askedBefore = new Set<string>();
  const firstTime = (id: string): boolean => {
    if (askedBefore.has(id)) return false;
    askedBefore.add(id);
    return true;
  };

  function getOrder(params: Record<string, unknown>): EmulatorAnswer {
    const { order_id: orderId, delivery_id: deliveryId, waybill_id: waybillId, print_type: printType } = params;
    if (typeof orderId !== 'string' || orderId === '' || typeof deliveryId !== 'string' || deliveryId === '')
      return errcode(930561, 'args error');
    const reserved = standIn(orderId, deliveryId);
    switch (orderId) {
      case 'FAULT_BUSY_ONCE':
        return firstTime(orderId) ? errcode(-1, 'system error') : orderBody(reserved, printType);
      case 'FAULT_BUSY_ALWAYS':
        return errcode(-1, 'system error');
      case 'FAULT_CARRIER_ERROR':
        return errcode(9300501, 'delivery logic fail', { delivery_resultcode: 10002, delivery_resultmsg: '运单不存在或已作废' });
      case 'FAULT_NO_PERMISSION':
        return { kind: 'noPermission' };
      case 'FAULT_SLOW':
        return { kind: 'slow', delayMs: SLOW_ANSWER_MS, then: orderBody(reserved, printType) };
      case 'FAULT_HANG_ONCE':
        return firstTime(orderId) ? { kind: 'hang' } : orderBody(reserved, printType);
      case 'FAULT_RESET':
        return { kind: 'reset' };
      case 'FAULT_NOT_JSON':
        return { kind: 'body', body: '<html><body>系统繁忙</body></html>', contentType: 'text/html' };
      case 'FAULT_HTTP_502':
        return { kind: 'gatewayError', status: 502 };
    }
    if (TRACK_FAULTS.has(orderId)) return orderBody(reserved, printType);
    // WeChat looks orders up by (order_id, delivery_id); whether it checks openid is not documented, so the emulator does not.
    const order = SANDBOX_ORDERS.find((candidate) => candidate.orderId === orderId && candidate.deliveryId === deliveryId);
    if (order === undefined) return errcode(930563, 'order not exists');
    if (waybillId !== undefined && waybillId !== order.waybillId) return errcode(9300528, 'invalid waybill_id');
    return orderBody(order, printType);
  }

  function getPath(params: Record<string, unknown>): EmulatorAnswer {
    const { delivery_id: deliveryId, waybill_id: waybillId, openid } = params;
    if (typeof deliveryId !== 'string' || deliveryId === '' || typeof waybillId !== 'string' || waybillId === '')
      return errcode(930561, 'args error');
    if (waybillId === 'FAULT_TRACK_BUSY_WB') return errcode(-1, 'system error');
    if (waybillId === 'FAULT_TRACK_NO_PERMISSION_WB') return { kind: 'noPermission' };
    if (waybillId.startsWith('FAULT_')) {
      const reserved = standIn(waybillId.replace(/_WB$/, ''), deliveryId);
      return pathBody(reserved, reserved.track, openid);
    }
    const order = SANDBOX_ORDERS.find((candidate) => candidate.waybillId === waybillId && candidate.deliveryId === deliveryId);
    if (order === undefined) return errcode(9300528, 'invalid waybill_id');
    // getPath is reported to refuse an openid that is not the order's (getOrder's check is not documented: none here).
    if (typeof openid === 'string' && openid !== order.openid) return errcode(40003, 'invalid openid');
    return pathBody(order, trackOf(order), openid);
  }

  function advance(orderId: string): { order: SandboxOrder; track: SandboxEvent[] } {
    const order = SANDBOX_ORDERS.find((candidate) => candidate.orderId === orderId);
    const movable = SANDBOX_ORDERS.filter((candidate) => (progress[candidate.orderId] ?? 0) < (candidate.upcoming?.length ?? 0));
    if (order === undefined || !movable.includes(order)) {
      const why = order === undefined ? 'is not a sandbox order' : 'has no more events to report';
      const others = movable.length === 0 ? 'none can move on' : `these can: ${movable.map((candidate) => candidate.orderId).join(', ')}`;
      throw new Error(`${orderId} ${why} (${others})`);
    }
    progress[orderId] = (progress[orderId] ?? 0) + 1;
    return { order, track: trackOf(order) };
  }

  return { answer: (api, params) => (api === 'getOrder' ? getOrder(params) : getPath(params)), advance, progress };
}
