// The carriers (delivery_id) of WeChat's logistics assistant (物流助手 → 快递公司信息),
// one list for the page's picker and for the function's log line, which names
// a carrier only when it is one of these (anything else a user typed could be
// personal data). 京东 is JDL here; JD is the WeChat store's code, not this API's.

export interface Carrier {
  /** WeChat's delivery_id. */
  id: string;
  /** The carrier's name as users know it. */
  name: string;
  /** Offered in the page's picker (the common ones, in the order users expect, plus the sandbox). */
  inPicker: boolean;
}

export const CARRIERS: readonly Carrier[] = [
  { id: 'SF', name: '顺丰速运', inPicker: true },
  { id: 'ZTO', name: '中通快递', inPicker: true },
  { id: 'YTO', name: '圆通速递', inPicker: true },
  { id: 'STO', name: '申通快递', inPicker: true },
  { id: 'YUNDA', name: '韵达快递', inPicker: true },
  { id: 'JTSD', name: '极兔快递', inPicker: true },
  { id: 'EMS', name: '中国邮政', inPicker: true },
  { id: 'JDL', name: '京东快递', inPicker: true },
  { id: 'DB', name: '德邦快递', inPicker: true },
  { id: 'TEST', name: '测试快递（沙箱）', inPicker: true },
  { id: 'BEST', name: '百世快递', inPicker: false },
  { id: 'PJ', name: '品骏快递', inPicker: false },
  { id: 'ANE', name: '安能物流', inPicker: false },
  { id: 'UCE', name: '优速快递', inPicker: false },
  { id: 'HHTT', name: '天天快递', inPicker: false },
];

const KNOWN_IDS: ReadonlySet<string> = new Set(CARRIERS.map((carrier) => carrier.id));

export function isKnownCarrier(deliveryId: string): boolean {
  return KNOWN_IDS.has(deliveryId);
}

/** The carrier's name when the list knows it (京东快递 for JDL), or the code itself. */
export function carrierName(deliveryId: string): string {
  return CARRIERS.find((carrier) => carrier.id === deliveryId)?.name ?? deliveryId;
}
