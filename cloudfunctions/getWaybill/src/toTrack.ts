// Turns getPath's answer into the contract's Track: events newest first, each
// with its stage, at most the 100 newest. An event without a usable time
// cannot be placed on the timeline and is left out; an unknown action_type is kept.
import type { Track, TrackEvent, TrackStage } from '../../../miniprogram/contract/getWaybillContract';
import type { WeChatAnswer } from './transportPort';
import { hasOwn, toText, weChatInteger } from './weChatAnswer/values';

const MAX_TRACK_EVENTS = 100;

/** WeChat's action_type codes (logistics assistant: 运单轨迹); any other is 'unknown'. */
const ACTION_TYPE_STAGES: ReadonlyMap<number, TrackStage> = new Map<number, TrackStage>([
  [100001, 'collected'], // 揽件成功
  [100002, 'collectFailed'], // 揽件失败
  [100003, 'courierAssigned'], // 分配业务员
  [200001, 'inTransit'], // 运输中
  [300002, 'outForDelivery'], // 开始派送
  [300003, 'delivered'], // 签收成功
  [300004, 'deliveryFailed'], // 签收失败
  [400001, 'cancelled'], // 订单取消
  [400002, 'held'], // 订单滞留
]);

/** Every stage a track can have: those of WeChat's codes, and 'unknown' for any other. */
export const TRACK_STAGES: ReadonlySet<TrackStage> = new Set<TrackStage>([...ACTION_TYPE_STAGES.values(), 'unknown']);

/** An action_type that is not an integer reads as this, with stage 'unknown'. */
const UNKNOWN_ACTION_TYPE = -1;

/** What getPath's answer says of the track; where it came from and when are added by whoever serves it. */
export type PathTrack = Pick<Extract<Track, { available: true }>, 'stage' | 'events' | 'totalEvents'>;

function toEvent(item: unknown): TrackEvent | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const read = (key: string): unknown => (hasOwn(item, key) ? (item as WeChatAnswer)[key] : undefined);
  const time = weChatInteger(read('action_time'));
  if (time === undefined) return undefined;
  const actionType = weChatInteger(read('action_type')) ?? UNKNOWN_ACTION_TYPE;
  return { time, actionType, stage: ACTION_TYPE_STAGES.get(actionType) ?? 'unknown', message: toText(read('action_msg'), '') };
}

/** Why getPath's answer is not the track asked for, or null when it is. */
export function foreignTrack(answer: WeChatAnswer, asked: { waybillId: string; openid?: string }): 'anotherWaybill' | 'anotherUser' | null {
  const waybillId = hasOwn(answer, 'waybill_id') ? answer.waybill_id : undefined;
  if (waybillId !== undefined && toText(waybillId, '') !== asked.waybillId) return 'anotherWaybill';
  const openid = hasOwn(answer, 'openid') ? answer.openid : undefined;
  if (asked.openid !== undefined && openid !== undefined && openid !== '' && openid !== asked.openid) return 'anotherUser';
  return null;
}

export function toTrack(answer: WeChatAnswer): PathTrack {
  const list = hasOwn(answer, 'path_item_list') ? answer.path_item_list : undefined;
  const items: unknown[] = Array.isArray(list) ? list : [];
  const events: TrackEvent[] = [];
  for (const item of items) {
    const event = toEvent(item);
    if (event !== undefined) events.push(event);
  }
  // Array#sort is stable (Node 12+): events at the same second keep WeChat's order.
  events.sort((a, b) => b.time - a.time);
  const newest = events.slice(0, MAX_TRACK_EVENTS);
  return { stage: newest.length > 0 ? newest[0].stage : null, events: newest, totalEvents: items.length };
}
