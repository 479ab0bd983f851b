// Carriers offered by the page's picker: the common ones, in the order users
// expect, plus the sandbox. A deep link may name any other deliveryId; the
// page then shows the id itself (see carrierName).

export interface Carrier {
  /** WeChat's delivery_id. */
  id: string;
  /** What the picker shows. */
  label: string;
}

export const CARRIERS: readonly Carrier[] = [
  { id: 'SF', label: '顺丰 SF' },
  { id: 'ZTO', label: '中通 ZTO' },
  { id: 'YTO', label: '圆通 YTO' },
  { id: 'STO', label: '申通 STO' },
  { id: 'YUNDA', label: '韵达 YUNDA' },
  { id: 'JTSD', label: '极兔 JTSD' },
  { id: 'EMS', label: 'EMS' },
  { id: 'JD', label: '京东 JD' },
  { id: 'DB', label: '德邦 DB' },
  { id: 'TEST', label: '测试 TEST（沙箱）' },
];

/** Index in CARRIERS, or -1 for a carrier the picker does not list. */
export function carrierIndex(deliveryId: string): number {
  return CARRIERS.findIndex((carrier) => carrier.id === deliveryId);
}

/** The carrier's picker label, or the id itself when it is not listed. */
export function carrierName(deliveryId: string): string {
  const index = carrierIndex(deliveryId);
  return index < 0 ? deliveryId : CARRIERS[index].label;
}
