// The contract between the mini program and the getWaybill cloud function.
// It lives under miniprogram/ because DevTools only compiles what is inside the
// mini program root; the cloud function's bundle imports it from here, so there
// is exactly one definition. Keep this file free of runtime dependencies.

/** `data` of `wx.cloud.callFunction({ name: 'getWaybill', data })`. */
export interface GetWaybillRequest {
  /** The order id used with addOrder: 1..512 bytes of UTF-8, no control or invisible characters. */
  orderId: string;
  /** Carrier id, e.g. `SF`, `ZTO`, `TEST` (sandbox): 1..32 of [A-Za-z0-9_]. */
  deliveryId: string;
  /** Waybill number: 1..64 of [A-Za-z0-9_-]. */
  waybillId?: string;
  /** The user the order was created for: 1..128 of [A-Za-z0-9_-]. Only admins may name another user. */
  openid?: string;
  /** 1 = one-part label (一联单), 0 = two-part label (二联单). Sent as `print_type`. */
  printType?: PrintType;
  /** true: also fetch the waybill's track (logistics.getPath) in the same call. Default false. */
  includeTrack?: boolean;
}

export type PrintType = 0 | 1;

export type RequestField = keyof GetWaybillRequest;

/** Which rule a request field broke; the page keys its Chinese text on (field, rule). */
export type FieldRule =
  | 'required'
  | 'wrongType'
  | 'tooLong'
  | 'blank'
  | 'invisibleCharacter'
  | 'notUnicode'
  | 'format'
  /** Reading the field threw (a hostile getter or proxy); only a hand-made event can do that. */
  | 'unreadable';

export type WaybillStatus = 'normal' | 'cancelled' | 'unknown';

export interface WaybillField {
  key: string;
  value: string;
  /** Human label for keys we know (SF_mark 大头笔 ...); absent for keys WeChat did not document. */
  label?: string;
}

/** Why `labelHtml` is null although the caller was allowed to see it. */
export type LabelUnavailableReason = 'absent' | 'invalid' | 'tooLarge';

/** Where the parcel is, from getPath's action_type (100001 揽件成功 ... 400002 订单滞留); any other code is 'unknown'. */
export type TrackStage =
  | 'collected'
  | 'collectFailed'
  | 'courierAssigned'
  | 'inTransit'
  | 'outForDelivery'
  | 'delivered'
  | 'deliveryFailed'
  | 'cancelled'
  | 'held'
  | 'unknown';

export interface TrackEvent {
  /** WeChat's action_time: Unix seconds. */
  time: number;
  /** WeChat's action_type, kept even when its stage is 'unknown'. */
  actionType: number;
  stage: TrackStage;
  /** WeChat's action_msg: the carrier's words (may name a courier and their phone). */
  message: string;
}

export type Track =
  | {
      available: true;
      /** The newest event's stage; null when there is no event yet. */
      stage: TrackStage | null;
      /** Newest first (equal times keep WeChat's order), at most the 100 newest. */
      events: TrackEvent[];
      /** How many events WeChat sent (before any were left out). */
      totalEvents: number;
      /** Unix seconds when WeChat last confirmed this track: a push or a getPath answer. */
      confirmedAt: number;
      /** Where WeChat's news came from: its add_express_path push, or a getPath call. */
      source: 'push' | 'getPath';
      /** true when served from the cloud database without calling getPath in this call. */
      stored: boolean;
    }
  | { available: false; error: WaybillError };

export interface Waybill {
  orderId: string;
  deliveryId: string;
  waybillId: string;
  /** `order_status` as WeChat returned it; -1 when WeChat sent something that is not an integer. */
  orderStatus: number;
  status: WaybillStatus;
  /** WeChat's `waybill_data`, in WeChat's order. */
  waybillData: WaybillField[];
  /** The label page's HTML (decoded from BASE64 as UTF-8), or null. */
  labelHtml: string | null;
  /** True when the access policy kept the label from this caller (only admins see labels). */
  labelWithheld: boolean;
  /** Set when the caller may see the label but it is not here, and why. */
  labelUnavailable?: LabelUnavailableReason;
  /** Present only when the request asked for it (includeTrack: true). */
  track?: Track;
}

export type WaybillErrorCode =
  'INVALID_ARGUMENT' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'NOT_CONFIGURED' | 'UPSTREAM_BUSY' | 'UPSTREAM_ERROR' | 'INTERNAL';

export interface WaybillError {
  code: WaybillErrorCode;
  /** For developers: what happened and what to do about it (English; the page shows its own text to users). */
  message: string;
  retryable: boolean;
  /** The request field at fault, where there is one. */
  field?: RequestField;
  /** With INVALID_ARGUMENT from the function's own checks: which rule the field broke. */
  rule?: FieldRule;
  /** WeChat's or the platform's error code, where there is one. */
  errCode?: number;
}

export type GetWaybillResult = { ok: true; waybill: Waybill } | { ok: false; error: WaybillError };
