// The one sample waybill of the page's pictures and tests (which import it from
// here: scripts never import from test/), and the journey its track is cut from. Everything is fictional: no real person's name, phone or
// address, a made-up order id and waybill number.
import type { Track, TrackEvent, Waybill } from '../../miniprogram/contract/getWaybillContract';

/** Unix seconds for a wall-clock time in China (UTC+8). */
export function chinaUnix(year: number, month: number, day: number, hour: number, minute: number): number {
  return Date.UTC(year, month - 1, day, hour - 8, minute) / 1000;
}

/** A parcel's whole journey, oldest first. */
export const JOURNEY: readonly TrackEvent[] = [
  { time: chinaUnix(2024, 6, 1, 16, 20), actionType: 100001, stage: 'collected', message: '【广州市】示例网点 已揽收' },
  { time: chinaUnix(2024, 6, 1, 21, 5), actionType: 200001, stage: 'inTransit', message: '【广州市】快件已到达 广州转运中心' },
  { time: chinaUnix(2024, 6, 2, 2, 40), actionType: 200001, stage: 'inTransit', message: '【广州市】快件已发往 深圳转运中心' },
  { time: chinaUnix(2024, 6, 2, 9, 15), actionType: 200001, stage: 'inTransit', message: '【深圳市】快件已到达 示例营业点' },
  {
    time: chinaUnix(2024, 6, 2, 10, 30),
    actionType: 300002,
    stage: 'outForDelivery',
    message: '【深圳市】快递员（工号 0001）正在派送，请保持电话畅通',
  },
  {
    time: chinaUnix(2024, 6, 2, 15, 48),
    actionType: 300003,
    stage: 'delivered',
    message: '【深圳市】已签收，签收人：本人。感谢使用，期待再次为您服务',
  },
];

/** When WeChat last confirmed the sample track: 更新于 06-02 16:05. */
export const SAMPLE_CONFIRMED_AT = chinaUnix(2024, 6, 2, 16, 5);

/** The track after the first `steps` events of the journey, newest first as the function sends it. */
export function sampleTrack(steps: number = JOURNEY.length): Extract<Track, { available: true }> {
  const events = JOURNEY.slice(0, steps).reverse();
  return {
    available: true,
    stage: events[0]?.stage ?? null,
    events,
    totalEvents: events.length,
    confirmedAt: SAMPLE_CONFIRMED_AT,
    source: 'getPath',
    stored: false,
  };
}

export const SAMPLE_LABEL_HTML =
  '<html lang="en"><head><title>label</title><style>td{padding:4px}</style></head><body>' +
  '<table style="width:100%;border-collapse:collapse;border:1px solid #000;font-size:26px">' +
  '<tr><td style="border:1px solid #000;font-size:40px;font-weight:bold" colspan="2">755WF-020</td></tr>' +
  '<tr><td style="border:1px solid #000">收</td><td style="border:1px solid #000">示例收件人 138****0000<br/>示例省 示例市 示例路 1 号</td></tr>' +
  '<tr><td style="border:1px solid #000">寄</td><td style="border:1px solid #000">示例寄件人 139****0000<br/>示例省 示例市 示例街 2 号</td></tr>' +
  '<tr><td style="border:1px solid #000" colspan="2">运单号 SF1400012345678（示例面单）</td></tr>' +
  '</table></body></html>';

/** What the label becomes for rich-text: its body, without head, style and title. */
export const SAMPLE_LABEL_BODY = SAMPLE_LABEL_HTML.replace(/^.*<body>/, '').replace(/<\/body>.*$/, '');

/** An admin's answer for an SF parcel on its way (out for delivery), with its label. */
export function sampleWaybill(overrides: Partial<Waybill> = {}): Waybill {
  return {
    orderId: 'demo-20240601-0001',
    deliveryId: 'SF',
    waybillId: 'SF1400012345678',
    orderStatus: 0,
    status: 'normal',
    waybillData: [
      { key: 'SF_bagAddr', value: '华南集散中心', label: '集包地' },
      { key: 'SF_mark', value: '755WF-020', label: '大头笔' },
      // A key WeChat did not document, long enough to wrap in its row.
      { key: 'SF_sortingCenterRouteCode', value: 'R12' },
    ],
    labelHtml: SAMPLE_LABEL_HTML,
    labelWithheld: false,
    track: sampleTrack(5),
    ...overrides,
  };
}
