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
}

export type PrintType = 0 | 1;

export type WaybillStatus = 'normal' | 'cancelled' | 'unknown';

export interface WaybillField {
  key: string;
  value: string;
  /** Human label for keys we know (SF_mark 大头笔 ...); absent for keys WeChat did not document. */
  label?: string;
}

/** Why `labelHtml` is null although the caller was allowed to see it. */
export type LabelUnavailableReason = 'absent' | 'invalid' | 'tooLarge';

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
}

export type WaybillErrorCode =
  'INVALID_ARGUMENT' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'NOT_CONFIGURED' | 'UPSTREAM_BUSY' | 'UPSTREAM_ERROR' | 'INTERNAL';

export interface WaybillError {
  code: WaybillErrorCode;
  /** What happened and what to do about it. */
  message: string;
  retryable: boolean;
  /** The request field at fault, where there is one. */
  field?: keyof GetWaybillRequest;
  /** WeChat's or the platform's error code, where there is one. */
  errCode?: number;
}

export type GetWaybillResult = { ok: true; waybill: Waybill } | { ok: false; error: WaybillError };
