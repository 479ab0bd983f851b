// What an add_express_path push must look like to be taken as "this waybill
// changed". Every field is checked for type, length and count; the ids with
// getWaybill's own request rules. What the push says happened (its Actions) is
// checked but never stored: the track is always read back from getPath.
import type { FieldRule } from '../../../miniprogram/contract/getWaybillContract';
import { checkDeliveryId, checkOrderId, checkWaybillId, type FieldVerdict } from '../../../miniprogram/contract/requestRules';

/**
 * The payload's Event is add_express_path; the cloud console's list of events
 * is reported to call it express_add_path. Both are taken, whichever WeChat sends.
 */
const PATH_PUSH_EVENTS: readonly string[] = ['add_express_path', 'express_add_path'];

/** More events than any parcel has: a push listing more is not WeChat's. */
export const MAX_PUSH_ACTIONS = 1000;
const MAX_ACTION_MSG_LENGTH = 2048;
const MAX_USER_NAME_LENGTH = 128;
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

type PushField =
  | 'event'
  | 'MsgType'
  | 'Event'
  | 'DeliveryID'
  | 'WayBillId'
  | 'OrderId'
  | 'Version'
  | 'Count'
  | 'Actions'
  | 'ToUserName'
  | 'FromUserName'
  | 'CreateTime';

/** What the function takes from a push. */
interface PathPush {
  deliveryId: string;
  waybillId: string;
  orderId: string;
  version: number;
  /** Count: how many events WeChat's push says the track has, when it says. */
  count?: number;
  /** FromUserName, the order's user, when it is OPENID-shaped: getPath is asked as that user. */
  openid?: string;
}

export type PushCheck = { ok: true; push: PathPush } | { ok: false; field: PushField; rule: FieldRule | 'tooMany' };

type Fields = Readonly<Record<string, unknown>>;

const own = (fields: Fields, key: string): unknown => (Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined);
const isWholeNumber = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isRecord = (value: unknown): value is Fields => value !== null && typeof value === 'object' && !Array.isArray(value);

function actionsProblem(actions: unknown): PushCheck | null {
  if (!Array.isArray(actions)) return { ok: false, field: 'Actions', rule: 'wrongType' };
  if (actions.length > MAX_PUSH_ACTIONS) return { ok: false, field: 'Actions', rule: 'tooMany' };
  for (const action of actions as unknown[]) {
    if (!isRecord(action)) return { ok: false, field: 'Actions', rule: 'wrongType' };
    const message = own(action, 'ActionMsg');
    if (!isWholeNumber(own(action, 'ActionTime')) || !isWholeNumber(own(action, 'ActionType')))
      return { ok: false, field: 'Actions', rule: 'wrongType' };
    if (message !== undefined && typeof message !== 'string') return { ok: false, field: 'Actions', rule: 'wrongType' };
    if (typeof message === 'string' && message.length > MAX_ACTION_MSG_LENGTH) return { ok: false, field: 'Actions', rule: 'tooLong' };
  }
  return null;
}

function idProblem(field: PushField, verdict: FieldVerdict): PushCheck | null {
  return verdict === null ? null : { ok: false, field, rule: verdict.rule };
}

/** The push, or the first field that is not what WeChat sends. Never throws, whatever `event` is. */
export function checkPush(event: unknown): PushCheck {
  try {
    return checkFields(event);
  } catch {
    return { ok: false, field: 'event', rule: 'unreadable' };
  }
}

function checkFields(event: unknown): PushCheck {
  if (!isRecord(event)) return { ok: false, field: 'event', rule: 'wrongType' };
  const read = (key: PushField): unknown => own(event, key);
  if (read('MsgType') !== 'event') return { ok: false, field: 'MsgType', rule: read('MsgType') === undefined ? 'required' : 'format' };
  const name = read('Event');
  if (typeof name !== 'string' || !PATH_PUSH_EVENTS.includes(name))
    return { ok: false, field: 'Event', rule: name === undefined ? 'required' : 'format' };
  const deliveryId = read('DeliveryID');
  const waybillId = read('WayBillId');
  const orderId = read('OrderId');
  const problem =
    idProblem('DeliveryID', checkDeliveryId(deliveryId)) ??
    idProblem('WayBillId', checkWaybillId(waybillId)) ??
    idProblem('OrderId', checkOrderId(orderId));
  if (problem !== null) return problem;
  const version = read('Version');
  if (!isWholeNumber(version)) return { ok: false, field: 'Version', rule: version === undefined ? 'required' : 'wrongType' };

  const count = read('Count');
  const actions = read('Actions');
  if (count !== undefined && !isWholeNumber(count)) return { ok: false, field: 'Count', rule: 'wrongType' };
  if (actions !== undefined) {
    const actionsCheck = actionsProblem(actions);
    if (actionsCheck !== null) return actionsCheck;
  }
  for (const key of ['ToUserName', 'FromUserName'] as const) {
    const value = read(key);
    if (value !== undefined && typeof value !== 'string') return { ok: false, field: key, rule: 'wrongType' };
    if (typeof value === 'string' && value.length > MAX_USER_NAME_LENGTH) return { ok: false, field: key, rule: 'tooLong' };
  }
  const createTime = read('CreateTime');
  if (createTime !== undefined && !isWholeNumber(createTime)) return { ok: false, field: 'CreateTime', rule: 'wrongType' };

  const push: PathPush = { deliveryId: deliveryId as string, waybillId: waybillId as string, orderId: orderId as string, version };
  // Pushes seen so far carry the whole history (Count == Actions.length), which WeChat does not
  // promise: a push holding only the new actions is still news, and the larger figure is the
  // number of events getPath must report before the push counts as read.
  const listed = Array.isArray(actions) ? actions.length : undefined;
  if (count !== undefined || listed !== undefined) push.count = Math.max(count ?? 0, listed ?? 0);
  const user = read('FromUserName');
  if (typeof user === 'string' && OPENID.test(user)) push.openid = user;
  return { ok: true, push };
}
