// Turns WeChat's answer into the contract's Waybill. The answer is checked
// field by field: what can be trusted is kept, what cannot is replaced by a
// documented fallback, and nothing is dropped silently from waybill_data.
import type { Waybill, WaybillField, WaybillStatus } from '../../../miniprogram/contract/getWaybillContract';
import { decodeLabel } from './decodeLabel';
import { jsonStringBytes } from './jsonStringBytes';
import type { GetOrderQuery, RawOrder } from './orderSource';
import { weChatInteger } from './weChatInteger';

/** Labels for the waybill_data keys WeChat documents; other keys are shown as they come. */
export const WAYBILL_FIELD_LABELS: Readonly<Record<string, string>> = {
  SF_bagAddr: '集包地',
  SF_mark: '大头笔',
  ZTO_bagAddr: '集包地代号',
  ZTO_mark: '三段码',
  TEST_mark: '测试标记',
};

/**
 * A cloud function's result is capped at 1 MB (1,048,576 bytes; -604001 past it).
 * The whole result must stay under this, which leaves room for the platform's
 * own envelope. A label that would not fit is left out (labelUnavailable:
 * 'tooLarge') so that the waybill itself still arrives.
 */
export const MAX_RESULT_BYTES = 1_000_000;

/** Unknown order_status (not an integer) reads as this, with status 'unknown'. */
export const UNKNOWN_ORDER_STATUS = -1;

function toText(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

function toOrderStatus(value: unknown): number {
  return weChatInteger(value) ?? UNKNOWN_ORDER_STATUS;
}

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
    const { key, value } = row as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key === '') continue;
    const field: WaybillField = { key, value: toText(value, '') };
    const label = Object.prototype.hasOwnProperty.call(WAYBILL_FIELD_LABELS, key) ? WAYBILL_FIELD_LABELS[key] : undefined;
    if (label !== undefined) field.label = label;
    fields.push(field);
  }
  return fields;
}

function utf8JsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * JSON escaping makes a UTF-8 byte at most 6 bytes (\u001f), so most labels
 * fit by that bound alone; only a label near the cap is counted exactly.
 */
function fitsUnderCap(envelopeBytes: number, html: string, utf8Bytes: number): boolean {
  if (envelopeBytes + 2 + 6 * utf8Bytes <= MAX_RESULT_BYTES) return true;
  return envelopeBytes + jsonStringBytes(html) <= MAX_RESULT_BYTES;
}

/** A waybill that fits the result cap, or the news that WeChat's answer cannot fit even without its label. */
export type ShapedWaybill = { fits: true; waybill: Waybill; labelBytes: number } | { fits: false };

export function toWaybill(raw: RawOrder, query: GetOrderQuery, mayReadLabel: boolean): ShapedWaybill {
  const orderStatus = toOrderStatus(raw.orderStatus);
  const waybill: Waybill = {
    // WeChat echoes what it found; where it did not, what was asked is the best we know.
    orderId: toText(raw.orderId, query.orderId),
    deliveryId: toText(raw.deliveryId, query.deliveryId),
    waybillId: toText(raw.waybillId, query.waybillId ?? ''),
    orderStatus,
    status: toStatus(orderStatus),
    waybillData: toFields(raw.waybillData),
    labelHtml: null,
    labelWithheld: !mayReadLabel,
  };
  // The result without its label ({"ok":true,"waybill":{...}}, with labelUnavailable set so it is an upper bound) is measured once.
  const envelopeBytes = utf8JsonBytes({ ok: true, waybill: { ...waybill, labelUnavailable: 'tooLarge' } });
  if (envelopeBytes > MAX_RESULT_BYTES) return { fits: false };
  if (!mayReadLabel) return { fits: true, waybill, labelBytes: 0 }; // never decode what the caller may not see

  const label = decodeLabel(raw.printHtml, MAX_RESULT_BYTES - envelopeBytes);
  if (label.html !== null && fitsUnderCap(envelopeBytes, label.html, label.bytes)) {
    waybill.labelHtml = label.html;
    return { fits: true, waybill, labelBytes: label.bytes };
  }
  waybill.labelUnavailable = label.html === null ? label.reason : 'tooLarge';
  return { fits: true, waybill, labelBytes: 0 };
}
