// Turns WeChat's getOrder answer (and the track, when asked for) into the
// contract's Waybill. The answer is checked field by field: what can be
// trusted is kept, what cannot is replaced by a documented fallback, and
// nothing is dropped silently from waybill_data.
import type { Track, Waybill, WaybillField, WaybillStatus } from '../../../miniprogram/contract/getWaybillContract';
import { decodeLabel } from './decodeLabel';
import { jsonStringBytes } from './jsonStringBytes';
import type { WeChatAnswer, WeChatQuery } from './transportPort';
import { hasOwn, toText, weChatInteger } from './weChatAnswer/values';

/** Labels for the waybill_data keys WeChat documents; other keys are shown as they come. */
const WAYBILL_FIELD_LABELS: Readonly<Record<string, string>> = {
  SF_bagAddr: '集包地',
  SF_mark: '大头笔',
  ZTO_bagAddr: '集包地代号',
  ZTO_mark: '三段码',
  TEST_mark: '测试标记',
};

/**
 * A cloud function's result is capped at 1 MB (1,048,576 bytes; -604001 past it).
 * The whole result must stay under this, which leaves room for the platform's
 * own envelope. What would not fit goes in this order: the label
 * (labelUnavailable: 'tooLarge'), then the track's oldest events.
 */
const MAX_RESULT_BYTES = 1_000_000;

/** Unknown order_status (not an integer) reads as this, with status 'unknown'. */
const UNKNOWN_ORDER_STATUS = -1;

function toStatus(orderStatus: number): WaybillStatus {
  if (orderStatus === 0) return 'normal';
  if (orderStatus === 1) return 'cancelled';
  return 'unknown';
}

/** Rows keep WeChat's order; a row without a usable key is the only thing left out (it cannot be shown). */
function toFields(rows: unknown): WaybillField[] {
  if (!Array.isArray(rows)) return [];
  const fields: WaybillField[] = [];
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const key = hasOwn(row, 'key') ? (row as WeChatAnswer).key : undefined;
    if (typeof key !== 'string' || key === '') continue;
    const field: WaybillField = { key, value: toText(hasOwn(row, 'value') ? (row as WeChatAnswer).value : undefined, '') };
    if (hasOwn(WAYBILL_FIELD_LABELS, key)) field.label = WAYBILL_FIELD_LABELS[key];
    fields.push(field);
  }
  return fields;
}

const utf8JsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * JSON escaping makes a UTF-8 byte at most 6 bytes (\u001f), so most labels
 * fit by that bound alone; only a label near the cap is counted exactly.
 */
function labelFits(envelopeBytes: number, html: string, utf8Bytes: number): boolean {
  if (envelopeBytes + 2 + 6 * utf8Bytes <= MAX_RESULT_BYTES) return true;
  return envelopeBytes + jsonStringBytes(html) <= MAX_RESULT_BYTES;
}

/** Leaves out the oldest events (the list is newest first) until the waybill fits; false if even none is too many. */
function fitTrack(waybill: Waybill, envelopeBytes: number): boolean {
  const track = waybill.track;
  if (track === undefined || !track.available) return false;
  let bytes = envelopeBytes;
  const events = track.events;
  while (bytes > MAX_RESULT_BYTES && events.length > 0) {
    const last = events.pop();
    bytes -= utf8JsonBytes(last) + (events.length > 0 ? 1 : 0); // the event, and its comma if one is left before it
  }
  return bytes <= MAX_RESULT_BYTES;
}

/** A waybill that fits the result cap, or the news that WeChat's answer cannot fit even without its label and track. */
export type ShapedWaybill = { fits: true; waybill: Waybill; labelBytes: number } | { fits: false };

/**
 * The waybill id the result carries: WeChat's, or '' when it sent none usable.
 * Never the one asked about: the result and its track must be what WeChat
 * answered, not what the caller typed.
 */
export function answeredWaybillId(answer: WeChatAnswer): string {
  return toText(hasOwn(answer, 'waybill_id') ? answer.waybill_id : undefined, '');
}

export function toWaybill(answer: WeChatAnswer, query: WeChatQuery, mayReadLabel: boolean, track?: Track): ShapedWaybill {
  const read = (key: string): unknown => (hasOwn(answer, key) ? answer[key] : undefined);
  const orderStatus = weChatInteger(read('order_status')) ?? UNKNOWN_ORDER_STATUS;
  const waybill: Waybill = {
    // WeChat echoes what it found; where it did not, the ids it was looked up by are the best we know.
    orderId: toText(read('order_id'), query.orderId ?? ''),
    deliveryId: toText(read('delivery_id'), query.deliveryId),
    waybillId: answeredWaybillId(answer),
    orderStatus,
    status: toStatus(orderStatus),
    waybillData: toFields(read('waybill_data')),
    labelHtml: null,
    labelWithheld: !mayReadLabel,
  };
  if (track !== undefined) waybill.track = track;
  // The result without its label, with labelUnavailable set so that it is an upper bound, is measured once.
  const envelopeBytes = utf8JsonBytes({ ok: true, waybill: mayReadLabel ? { ...waybill, labelUnavailable: 'tooLarge' } : waybill });
  if (envelopeBytes > MAX_RESULT_BYTES) {
    if (!fitTrack(waybill, envelopeBytes)) return { fits: false };
    if (mayReadLabel) waybill.labelUnavailable = 'tooLarge';
    return { fits: true, waybill, labelBytes: 0 };
  }
  if (!mayReadLabel) return { fits: true, waybill, labelBytes: 0 }; // never decode what the caller may not see

  const label = decodeLabel(read('print_html'), MAX_RESULT_BYTES - envelopeBytes);
  if (label.html !== null && labelFits(envelopeBytes, label.html, label.bytes)) {
    waybill.labelHtml = label.html;
    return { fits: true, waybill, labelBytes: label.bytes };
  }
  waybill.labelUnavailable = label.html === null ? label.reason : 'tooLarge';
  return { fits: true, waybill, labelBytes: 0 };
}
