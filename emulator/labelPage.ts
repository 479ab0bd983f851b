// Renders the label page WeChat returns (BASE64 in print_html) for a sandbox
// order: a standalone UTF-8 HTML page, one part (print_type 1) or two parts
// (print_type 0, WeChat's default), with the sender, the receiver and the
// carrier's routing marks.
import type { Party, SandboxOrder } from './sandboxOrders';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function partyBlock(title: string, party: Party): string {
  const address = `${party.province}${party.city}${party.area} ${party.address}`;
  return `<div class="party"><b>${title}</b> ${escapeHtml(party.name)} ${escapeHtml(party.mobile)}<br>${escapeHtml(address)}</div>`;
}

function part(order: SandboxOrder, copy: string): string {
  const marks = order.waybillData.map((row) => `<span class="mark">${escapeHtml(row.value)}</span>`).join(' ');
  return [
    '<section class="part">',
    `<header><span class="carrier">${escapeHtml(order.deliveryName)}</span><span class="copy">${copy}</span></header>`,
    marks === '' ? '' : `<div class="marks">${marks}</div>`,
    `<div class="barcode">${escapeHtml(order.waybillId)}</div>`,
    partyBlock('收', order.receiver),
    partyBlock('寄', order.sender),
    `<div class="goods">托寄物：${escapeHtml(order.goods)}\u3000订单号：${escapeHtml(order.orderId)}</div>`,
    '</section>',
  ].join('');
}

/** printType 1 = one-part label (一联单); anything else = two-part (二联单), WeChat's default. */
export function renderLabelPage(order: SandboxOrder, printType: unknown): string {
  const parts = printType === 1 ? [part(order, '一联单')] : [part(order, '派件联'), part(order, '收件联')];
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(order.deliveryName)} ${escapeHtml(order.waybillId)}</title>`,
    '<style>body{font-family:sans-serif;margin:0}.part{width:100mm;border:1px solid #000;margin:4mm;padding:2mm}',
    'header{display:flex;justify-content:space-between;font-size:18px}.marks{font-size:28px;font-weight:bold;margin:2mm 0}',
    '.barcode{font-family:monospace;font-size:22px;letter-spacing:2px;border:1px dashed #000;padding:2mm;text-align:center}',
    '.party{margin:2mm 0;font-size:14px}.goods{font-size:12px;border-top:1px solid #000;padding-top:1mm}</style>',
    '</head><body>',
    ...parts,
    '</body></html>',
  ].join('');
}
