// Page payload: what a successful query sends through setData against what the page shows (the values index.wxml prints).
import { toWaybillView } from '../../miniprogram/components/waybill/waybillView';
import { makeLabelHtml, WAYBILL_DATA } from './backend';
import { ratioGoal, section, table, x, type Measurement } from './measurement';

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');
function payload(name: string, labelHtml: string | null) {
  const waybillData = WAYBILL_DATA.map((field, i) => ({ ...field, label: ['集包地', '大头笔'][i] }));
  const waybill = { orderId: 'bench-order-0001', deliveryId: 'SF', waybillId: 'SF1234567890', orderStatus: 0, status: 'normal' as const };
  const view = toWaybillView({ ...waybill, waybillData, labelHtml, labelWithheld: labelHtml === null });
  const sent = utf8(JSON.stringify({ phase: 'success', view }));
  const shown = ['success', view.waybillId, view.carrier, view.statusText, view.statusTone, ...view.rows.flatMap((r) => [r.name, r.value])];
  if (view.labelState === 'shown' && view.labelHtml !== undefined) shown.push(view.labelHtml);
  const rendered = shown.reduce((bytes, text) => bytes + utf8(text), 0);
  return { name, sent, rendered, ratio: sent / rendered };
}

export const pagePayload: Measurement = async () => {
  const rows = [payload('admin, 10 KB label', makeLabelHtml(10 * 1024)), payload('user, label withheld', null)];
  const lines = rows.map((r) => `${r.name} | ${r.sent} | ${r.rendered} | ${x(r.ratio, 3)}`);
  return section(
    'Page payload',
    [ratioGoal(`page payload, setData bytes vs rendered bytes (${rows[0].name})`, rows[0].ratio, 1.1, '≤', 3)],
    "A successful query calls `setData({ phase: 'success', view })` with `view = toWaybillView(waybill)` (miniprogram/components/waybill/waybillView.ts). Sent: UTF-8 bytes of that object as JSON. Rendered: UTF-8 bytes of the data-bound values index.wxml shows.",
    table('success | setData bytes | rendered bytes | ratio', lines),
    `With a label, its rich-text nodes are most of the payload and the JSON framing little of it. With the label withheld the page receives ${rows[1].sent} bytes in all: the ratio is high, but it is keys and framing around a little text.`,
  );
};
