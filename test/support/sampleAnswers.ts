// One sample of each WeChat answer the function reads, as WeChat sends it
// (snake_case, print_html in BASE64), and what getOrder's becomes for an admin.
import type { Waybill } from '../../miniprogram/contract/getWaybillContract';
import { COURIER_MESSAGE, LABEL_BASE64, LABEL_HTML } from './people';

export const SAMPLE_EVENT = { orderId: 'ORDER-001', deliveryId: 'SF' } as const;

/** getOrder's answer for SAMPLE_EVENT (fields override it). */
export function orderAnswer(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    errcode: 0,
    errmsg: 'ok',
    order_id: SAMPLE_EVENT.orderId,
    delivery_id: SAMPLE_EVENT.deliveryId,
    waybill_id: 'SF1234567890',
    order_status: 0,
    waybill_data: [
      { key: 'SF_bagAddr', value: '广州' },
      { key: 'SF_mark', value: '020-WA-001' },
    ],
    print_html: LABEL_BASE64,
    ...fields,
  };
}

/** The Waybill an admin gets for orderAnswer(). */
export const ORDER_ANSWER_WAYBILL: Waybill = {
  orderId: SAMPLE_EVENT.orderId,
  deliveryId: SAMPLE_EVENT.deliveryId,
  waybillId: 'SF1234567890',
  orderStatus: 0,
  status: 'normal',
  waybillData: [
    { key: 'SF_bagAddr', value: '广州', label: '集包地' },
    { key: 'SF_mark', value: '020-WA-001', label: '大头笔' },
  ],
  labelHtml: LABEL_HTML,
  labelWithheld: false,
};

/** getPath's answer: three events, oldest in the middle (WeChat promises no order). */
export function pathAnswer(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    errcode: 0,
    errmsg: 'ok',
    delivery_id: SAMPLE_EVENT.deliveryId,
    waybill_id: 'SF1234567890',
    path_item_num: 3,
    path_item_list: [
      { action_time: 1764300000, action_type: 200001, action_msg: '快件已到达【广州转运中心】' },
      { action_time: 1764200000, action_type: 100001, action_msg: '已揽收' },
      { action_time: 1764400000, action_type: 300002, action_msg: COURIER_MESSAGE },
    ],
    ...fields,
  };
}
