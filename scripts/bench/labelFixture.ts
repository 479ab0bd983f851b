// The same getOrder answer for every side of a comparison: a realistic order
// with a label of an exact size, as WeChat would send it (print_html is the
// label's UTF-8 HTML in BASE64).

const HEAD =
  '<html lang="en"><head><meta charset="utf-8"><title>SF waybill</title><style>td{border:1px solid #000;padding:2px}</style></head><body><table>';
const TAIL = '</table></body></html>';
// Labels are mostly markup with Chinese names and addresses in it: both kinds of characters matter
// (V8 keeps a string with any Chinese in it at two bytes per character).
const ROW = '<tr><td>收件人</td><td>李四 138****0000 广东省广州市天河区体育西路 1 号</td></tr>\n';

/** A label page of exactly `bytes` bytes of UTF-8 (at least the fixed head and tail). */
export function makeLabelHtml(bytes: number): string {
  const fixedBytes = Buffer.byteLength(HEAD + TAIL);
  if (bytes < fixedBytes) throw new Error(`a label needs at least ${fixedBytes} bytes`);
  const rowBytes = Buffer.byteLength(ROW);
  const rows = Math.floor((bytes - fixedBytes) / rowBytes);
  const padding = bytes - fixedBytes - rows * rowBytes; // ASCII, one byte each
  const html = HEAD + ROW.repeat(rows) + ' '.repeat(padding) + TAIL;
  return html;
}

export const BENCH_EVENT = { orderId: 'bench-order-0001', deliveryId: 'SF', waybillId: 'SF1234567890' } as const;

/** WeChat's snake_case success body; print_html is left out when labelHtml is null. */
export function orderBody(labelHtml: string | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    errcode: 0,
    errmsg: 'ok',
    order_id: BENCH_EVENT.orderId,
    delivery_id: BENCH_EVENT.deliveryId,
    waybill_id: BENCH_EVENT.waybillId,
    order_status: 0,
    waybill_data: [
      { key: 'SF_bagAddr', value: '广州' },
      { key: 'SF_mark', value: '020-WA-001' },
    ],
  };
  if (labelHtml !== null) body.print_html = Buffer.from(labelHtml, 'utf8').toString('base64');
  return body;
}
