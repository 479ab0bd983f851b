// WeChat's `add_express_path` push as WeChat Cloud hands it to the cloud
// function that 云开发 → 设置 → 其他设置 → 消息推送 routes it to: the function's
// `event` is this JSON message. Field names and casing are WeChat's
// (`WayBillId`, `DeliveryID`); `Actions` is the whole history, oldest first,
// as a real sandbox push was seen to carry it, and `Version` grows with each update.
import type { SandboxEvent, SandboxOrder } from './sandboxOrders';

/** The mini program's original id (gh_...), a placeholder. */
const EMULATOR_MINI_PROGRAM_ID = 'gh_000000000000';

export interface AddExpressPathPush {
  ToUserName: string;
  /** The order's user (addOrder's openid). */
  FromUserName: string;
  /** Unix seconds. */
  CreateTime: number;
  MsgType: 'event';
  Event: 'add_express_path';
  DeliveryID: string;
  WayBillId: string;
  OrderId: string;
  Version: number;
  Count: number;
  Actions: Array<{ ActionTime: number; ActionType: number; ActionMsg: string }>;
}

/** The push WeChat sends when `order`'s track has become `track` (oldest first), at `createTimeMs`. */
export function addExpressPathPush(
  { order, track }: { order: SandboxOrder; track: readonly SandboxEvent[] },
  createTimeMs: number,
): AddExpressPathPush {
  return {
    ToUserName: EMULATOR_MINI_PROGRAM_ID,
    FromUserName: order.openid,
    CreateTime: Math.floor(createTimeMs / 1000),
    MsgType: 'event',
    Event: 'add_express_path',
    DeliveryID: order.deliveryId,
    WayBillId: order.waybillId,
    OrderId: order.orderId,
    // One version per event reported: grows with each update, as WeChat's does.
    Version: track.length,
    Count: track.length,
    Actions: track.map((event) => ({ ActionTime: event.time, ActionType: event.type, ActionMsg: event.message })),
  };
}
