// Input rules for getWaybill, shared by the page (to show a field's error as the
// user types) and the cloud function (which never calls WeChat with bad input).
// Each rule names what it found (FieldRule), so the page can say it in Chinese;
// the English message is for developers.
import type { FieldRule, GetWaybillRequest, PrintType, RequestField } from './getWaybillContract';
import { INVISIBLE_CHARACTER } from './invisibleCharacters';
import { own } from './own';

export interface FieldProblem {
  field: RequestField;
  rule: FieldRule;
  message: string;
}

export type RequestCheck = { ok: true; request: GetWaybillRequest } | { ok: false; problem: FieldProblem | null; message: string };

/** What is wrong with one field's value, or null when it is fine. */
export type FieldVerdict = { rule: FieldRule; message: string } | null;

const ORDER_ID_MAX_BYTES = 512;

// Control characters (Cc), invisible format characters (Cf, e.g. a zero-width
// space pasted from a chat), the Unicode line and paragraph separators (U+2028,
// U+2029: line breaks that are not Cc) and whatever Unicode says to render as
// nothing (Default_Ignorable_Code_Point: variation selectors, the Hangul fillers,
// U+034F ...) never belong in an order id; WeChat would only answer "order not
// found" for them, which hides the real mistake. The class is generated from those
// properties (invisibleCharacters.ts) because phones may not parse \p{...}. The
// blank Braille pattern U+2800 has none of them but shows as a blank.
const BLANK_BRAILLE = /\u2800/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const DELIVERY_ID = /^[A-Za-z0-9_]{1,32}$/;
const WAYBILL_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An OPENID (WeChat's are 28 characters of these); also how the function reads WAYBILL_ADMIN_OPENIDS. */
export const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/** UTF-8 length of a string without unpaired surrogates (no Buffer/TextEncoder in every mini-program runtime). */
function utf8ByteLength(text: string): number {
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

const broke = (rule: FieldRule, message: string): FieldVerdict => ({ rule, message });
const absent = (value: unknown): boolean => value === undefined || value === null;

export function checkOrderId(value: unknown): FieldVerdict {
  if (absent(value) || value === '') return broke('required', 'orderId is required: the order id you passed to addOrder.');
  if (typeof value !== 'string') return broke('wrongType', `orderId must be a string, not ${describe(value)}.`);
  // Each UTF-16 unit is at least one byte, so a long string is rejected before it is scanned.
  if (value.length > ORDER_ID_MAX_BYTES || utf8ByteLength(value) > ORDER_ID_MAX_BYTES) {
    return broke('tooLong', `orderId is longer than ${ORDER_ID_MAX_BYTES} bytes of UTF-8.`);
  }
  if (value.trim() === '') return broke('blank', 'orderId is blank.');
  if (INVISIBLE_CHARACTER.test(value) || BLANK_BRAILLE.test(value)) {
    return broke(
      'invisibleCharacter',
      'orderId contains a control or invisible character (a line break or a zero-width space, say); remove it.',
    );
  }
  if (UNPAIRED_SURROGATE.test(value)) return broke('notUnicode', 'orderId is not valid Unicode text.');
  return null;
}

export function checkDeliveryId(value: unknown): FieldVerdict {
  if (absent(value) || value === '')
    return broke('required', 'deliveryId is required: the carrier id, e.g. SF, ZTO or TEST for the sandbox.');
  if (typeof value !== 'string') return broke('wrongType', `deliveryId must be a string, not ${describe(value)}.`);
  if (!DELIVERY_ID.test(value)) return broke('format', 'deliveryId must be 1 to 32 letters, digits or underscores, e.g. SF, ZTO or TEST.');
  return null;
}

/** Optional: undefined and null mean "not given"; an empty string does not. */
export function checkWaybillId(value: unknown): FieldVerdict {
  if (absent(value)) return null;
  if (typeof value !== 'string') return broke('wrongType', `waybillId must be a string, not ${describe(value)}.`);
  if (!WAYBILL_ID.test(value)) {
    return broke('format', 'waybillId must be 1 to 64 letters, digits, underscores or hyphens; leave it out if you do not have one.');
  }
  return null;
}

function checkOpenid(value: unknown): FieldVerdict {
  if (absent(value)) return null;
  if (typeof value !== 'string') return broke('wrongType', `openid must be a string, not ${describe(value)}.`);
  if (!OPENID.test(value)) {
    return broke('format', 'openid must be 1 to 128 letters, digits, underscores or hyphens; leave it out to query as yourself.');
  }
  return null;
}

function checkPrintType(value: unknown): FieldVerdict {
  if (absent(value) || value === 0 || value === 1) return null;
  return broke(
    typeof value === 'number' ? 'format' : 'wrongType',
    'printType must be the number 0 (two-part label 二联单) or 1 (one-part label 一联单), or left out.',
  );
}

function checkIncludeTrack(value: unknown): FieldVerdict {
  if (absent(value) || typeof value === 'boolean') return null;
  return broke('wrongType', `includeTrack must be true or false, not ${describe(value)}.`);
}

export const fieldChecks: Readonly<Record<RequestField, (value: unknown) => FieldVerdict>> = {
  orderId: checkOrderId,
  deliveryId: checkDeliveryId,
  waybillId: checkWaybillId,
  openid: checkOpenid,
  printType: checkPrintType,
  includeTrack: checkIncludeTrack,
};

const FIELD_ORDER: readonly RequestField[] = ['orderId', 'deliveryId', 'waybillId', 'openid', 'printType', 'includeTrack'];

/**
 * Reads each known field exactly once, own properties only (a field must never
 * come from a polluted prototype), so that what is checked is what is sent: a
 * getter cannot pass the check and then hand WeChat something else.
 */
function readFields(source: object): { values: Partial<Record<RequestField, unknown>> } | { unreadable: RequestField } {
  const values: Partial<Record<RequestField, unknown>> = {};
  for (const field of FIELD_ORDER) {
    try {
      values[field] = own<unknown>(source, field);
    } catch {
      return { unreadable: field };
    }
  }
  return { values };
}

function failed(field: RequestField, verdict: { rule: FieldRule; message: string }): RequestCheck {
  return { ok: false, problem: { field, ...verdict }, message: verdict.message };
}

/**
 * Checks a whole event and copies the known fields into a fresh object, so that
 * nothing else the event carries (WeChat's `userInfo`, `__proto__` keys) travels on.
 */
export function checkRequest(event: unknown): RequestCheck {
  const source: unknown = absent(event) ? {} : event;
  // A revoked proxy throws even here, and again below when it is described: only a caller's own bug
  // can hand one over (WeChat's events are JSON), so it is left to end as INTERNAL.
  const isObject = typeof source === 'object' && source !== null && !Array.isArray(source);
  if (!isObject) {
    return { ok: false, problem: null, message: `The request must be an object such as { orderId, deliveryId }, not ${describe(event)}.` };
  }
  const read = readFields(source as object);
  if ('unreadable' in read) {
    return failed(read.unreadable, { rule: 'unreadable', message: `${read.unreadable} could not be read from the request.` });
  }
  const { values } = read;
  for (const field of FIELD_ORDER) {
    const verdict = fieldChecks[field](values[field]);
    if (verdict !== null) return failed(field, verdict);
  }
  const request: GetWaybillRequest = { orderId: values.orderId as string, deliveryId: values.deliveryId as string };
  if (typeof values.waybillId === 'string') request.waybillId = values.waybillId;
  if (typeof values.openid === 'string') request.openid = values.openid;
  if (values.printType === 0 || values.printType === 1) request.printType = values.printType as PrintType;
  if (typeof values.includeTrack === 'boolean') request.includeTrack = values.includeTrack;
  return { ok: true, request };
}
