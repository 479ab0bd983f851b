// Input rules for getWaybill, shared by the page (to show a field's error as the
// user types) and the cloud function (which never calls WeChat with bad input).
import type { GetWaybillRequest, PrintType } from './getWaybillContract';

export type RequestField = keyof GetWaybillRequest;

export interface FieldProblem {
  field: RequestField;
  message: string;
}

export type RequestCheck = { ok: true; request: GetWaybillRequest } | { ok: false; problem: FieldProblem | null; message: string };

export const ORDER_ID_MAX_BYTES = 512;

// Control characters (Cc), invisible format characters (Cf, e.g. a zero-width
// space pasted from a chat) and the Unicode line and paragraph separators
// (U+2028, U+2029: line breaks that are not Cc) never belong in an order id;
// WeChat would only answer "order not found" for them, which hides the real mistake.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const DELIVERY_ID = /^[A-Za-z0-9_]{1,32}$/;
const WAYBILL_ID = /^[A-Za-z0-9_-]{1,64}$/;
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/** UTF-8 length of a string without unpaired surrogates (no Buffer/TextEncoder in every mini-program runtime). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A message for a bad order id, or null when it is fine. */
export function checkOrderId(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return 'orderId is required: the order id you passed to addOrder.';
  if (typeof value !== 'string') return `orderId must be a string, not ${describe(value)}.`;
  // Each UTF-16 unit is at least one byte, so a long string is rejected before it is scanned.
  if (value.length > ORDER_ID_MAX_BYTES || utf8ByteLength(value) > ORDER_ID_MAX_BYTES) {
    return `orderId is longer than ${ORDER_ID_MAX_BYTES} bytes of UTF-8.`;
  }
  if (value.trim() === '') return 'orderId is blank.';
  if (INVISIBLE_OR_CONTROL.test(value))
    return 'orderId contains a control or invisible character (a line break or a zero-width space, say); remove it.';
  if (UNPAIRED_SURROGATE.test(value)) return 'orderId is not valid Unicode text.';
  return null;
}

export function checkDeliveryId(value: unknown): string | null {
  if (value === undefined || value === null || value === '')
    return 'deliveryId is required: the carrier id, e.g. SF, ZTO or TEST for the sandbox.';
  if (typeof value !== 'string') return `deliveryId must be a string, not ${describe(value)}.`;
  if (!DELIVERY_ID.test(value)) return 'deliveryId must be 1 to 32 letters, digits or underscores, e.g. SF, ZTO or TEST.';
  return null;
}

/** Optional: undefined and null mean "not given"; an empty string does not. */
export function checkWaybillId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return `waybillId must be a string, not ${describe(value)}.`;
  if (!WAYBILL_ID.test(value))
    return 'waybillId must be 1 to 64 letters, digits, underscores or hyphens; leave it out if you do not have one.';
  return null;
}

export function checkOpenid(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return `openid must be a string, not ${describe(value)}.`;
  if (!OPENID.test(value)) return 'openid must be 1 to 128 letters, digits, underscores or hyphens; leave it out to query as yourself.';
  return null;
}

export function checkPrintType(value: unknown): string | null {
  if (value === undefined || value === null || value === 0 || value === 1) return null;
  return 'printType must be the number 0 (two-part label 二联单) or 1 (one-part label 一联单), or left out.';
}

export const fieldChecks: Readonly<Record<RequestField, (value: unknown) => string | null>> = {
  orderId: checkOrderId,
  deliveryId: checkDeliveryId,
  waybillId: checkWaybillId,
  openid: checkOpenid,
  printType: checkPrintType,
};

const FIELD_ORDER: readonly RequestField[] = ['orderId', 'deliveryId', 'waybillId', 'openid', 'printType'];

function ownValue(event: object, field: RequestField): unknown {
  // Own properties only: a field must never come from a polluted prototype.
  return Object.prototype.hasOwnProperty.call(event, field) ? (event as Record<string, unknown>)[field] : undefined;
}

/**
 * Checks a whole event and copies the known fields into a fresh object, so that
 * nothing else the event carries (WeChat's `userInfo`, `__proto__` keys) travels on.
 */
export function checkRequest(event: unknown): RequestCheck {
  const source: object = event === undefined || event === null ? {} : (event as object);
  if (typeof source !== 'object' || Array.isArray(source)) {
    return { ok: false, problem: null, message: `The request must be an object such as { orderId, deliveryId }, not ${describe(event)}.` };
  }
  for (const field of FIELD_ORDER) {
    const message = fieldChecks[field](ownValue(source, field));
    if (message !== null) return { ok: false, problem: { field, message }, message };
  }
  const request: GetWaybillRequest = {
    orderId: ownValue(source, 'orderId') as string,
    deliveryId: ownValue(source, 'deliveryId') as string,
  };
  const waybillId = ownValue(source, 'waybillId');
  const openid = ownValue(source, 'openid');
  const printType = ownValue(source, 'printType');
  if (typeof waybillId === 'string') request.waybillId = waybillId;
  if (typeof openid === 'string') request.openid = openid;
  if (printType === 0 || printType === 1) request.printType = printType as PrintType;
  return { ok: true, request };
}
