// Part 4: what a successful query sends through setData against what the page
// shows of it. The page's query() sends { phase: 'success', view } with view
// from toWaybillView, so the payload is measured from that very function. The
// rendered bytes are the data-bound values index.wxml prints as text or
// attributes (waybill id, carrier, status text and tone, row names and values,
// the label's rich-text nodes, the phase in the page's class); labelState only
// picks a wx:if branch and shows nothing itself.
import type { Waybill } from '../../miniprogram/contract/getWaybillContract';
import { toWaybillView, type WaybillView } from '../../miniprogram/components/waybill/waybillView';
import { makeLabelHtml } from './benchBackend';

export interface PagePayloadRow {
  case: string;
  setDataBytes: number;
  renderedBytes: number;
  ratio: number;
}

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

export function renderedBytes(phase: string, view: WaybillView): number {
  const shown = [
    phase,
    view.waybillId,
    view.carrier,
    view.statusText,
    view.statusTone,
    ...view.rows.flatMap((row) => [row.name, row.value]),
  ];
  if (view.labelState === 'shown' && view.labelHtml !== undefined) shown.push(view.labelHtml);
  return shown.reduce((bytes, text) => bytes + utf8(text), 0);
}

export function measurePagePayload(waybill: Waybill, name: string): PagePayloadRow {
  const patch = { phase: 'success' as const, view: toWaybillView(waybill) };
  const setDataBytes = utf8(JSON.stringify(patch));
  const rendered = renderedBytes(patch.phase, patch.view);
  return { case: name, setDataBytes, renderedBytes: rendered, ratio: setDataBytes / rendered };
}

export function typicalWaybill(labelHtml: string | null): Waybill {
  return {
    orderId: 'bench-order-0001',
    deliveryId: 'SF',
    waybillId: 'SF1234567890',
    orderStatus: 0,
    status: 'normal',
    waybillData: [
      { key: 'SF_bagAddr', value: '广州', label: '集包地' },
      { key: 'SF_mark', value: '020-WA-001', label: '大头笔' },
    ],
    labelHtml,
    labelWithheld: labelHtml === null,
  };
}

export function measurePagePayloads(): PagePayloadRow[] {
  return [
    measurePagePayload(typicalWaybill(makeLabelHtml(10 * 1024)), 'admin, 10 KB label'),
    measurePagePayload(typicalWaybill(null), 'user, label withheld'),
  ];
}
