// The view model of a successful query: exactly what the page renders, once.
// setData copies its argument to the render layer, so nothing goes in here
// that the template does not show (npm run bench measures bytes sent against bytes rendered).
import type { Waybill, WaybillStatus } from '../../contract/getWaybillContract';
import { carrierName } from './carriers';

/** How the label area reads: the label itself, or why it is not there. */
export type LabelState = 'shown' | 'withheld' | 'absent' | 'invalid' | 'tooLarge';

export interface WaybillRow {
  /** WeChat's field label (大头笔 ...), or the key itself when it has none. */
  name: string;
  value: string;
}

export interface WaybillView {
  waybillId: string;
  carrier: string;
  statusText: string;
  statusTone: WaybillStatus;
  rows: WaybillRow[];
  labelState: LabelState;
  /** The label body for rich-text; present only when labelState is 'shown'. */
  labelHtml?: string;
}

/** The API's own words for order_status (0 正常, 1 已取消); anything else is shown with its number. */
export function statusText(status: WaybillStatus, orderStatus: number): string {
  if (status === 'normal') return '正常';
  if (status === 'cancelled') return '已取消';
  return `未知状态（${orderStatus}）`;
}

const BODY = /<body\b[^>]*>([\s\S]*)<\/body\s*>/i;
const HEAD = /<head\b[^>]*>[\s\S]*?<\/head\s*>/gi;
const INERT_BLOCKS = /<(script|style|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/**
 * rich-text renders a whitelist of tags and prints the text of the rest, so a
 * whole label document would show its CSS and title as text. Keep what rich-text
 * can render: the body's content without script, style or title blocks.
 */
export function labelForRichText(html: string): string {
  const body = BODY.exec(html);
  const content = body === null ? html.replace(HEAD, '') : body[1];
  return content.replace(INERT_BLOCKS, '').trim();
}

function labelState(waybill: Waybill): LabelState {
  if (waybill.labelWithheld) return 'withheld';
  if (waybill.labelHtml !== null) return 'shown';
  return waybill.labelUnavailable ?? 'absent';
}

export function toWaybillView(waybill: Waybill): WaybillView {
  const view: WaybillView = {
    waybillId: waybill.waybillId,
    carrier: carrierName(waybill.deliveryId),
    statusText: statusText(waybill.status, waybill.orderStatus),
    statusTone: waybill.status,
    rows: waybill.waybillData.map((field) => ({ name: field.label ?? field.key, value: field.value })),
    labelState: labelState(waybill),
  };
  if (view.labelState === 'shown' && waybill.labelHtml !== null) {
    const labelHtml = labelForRichText(waybill.labelHtml);
    if (labelHtml === '') view.labelState = 'absent';
    else view.labelHtml = labelHtml;
  }
  return view;
}
