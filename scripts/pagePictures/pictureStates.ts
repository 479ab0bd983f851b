// The page's pictures in docs/: which state each shows, how the page gets
// there (a deep link, and what wx.cloud.callFunction answers), and text each
// must show (checked by test/page/pagePictures.test.ts). All in a release build
// (what customers see), with the fictional sample waybill.
import {
  CALL_OUTCOMES,
  ERRCODE_OUTCOMES,
  ERROR_OUTCOMES,
  FIELD_NOT_FOUND_TEXT,
  FIELD_TEXT,
  LABEL_NOTES,
} from '../../miniprogram/components/waybill/userText';
import { JOURNEY, sampleTrack, sampleWaybill } from './sampleWaybill';

export type Theme = 'light' | 'dark';

export interface PictureState {
  /** The picture's file name in docs/, without .png. */
  name: string;
  /** Alt text for the picture. */
  description: string;
  theme: Theme;
  /** The deep link's query: the page fills the form from it and queries when it can. */
  link: Record<string, string>;
  /** What wx.cloud.callFunction does: resolve with this result, or reject with this reason. */
  call?: { result: unknown } | { reject: unknown };
  /** Picture only this part of the page (a selector miniprogram-simulate understands, e.g. `#track`). */
  only?: string;
  /** Text the picture must show. */
  shows: string[];
}

const LINK = { orderId: 'demo-20240601-0001', deliveryId: 'SF' };

const success = { result: { ok: true, waybill: sampleWaybill() } };

export const PICTURE_STATES: readonly PictureState[] = [
  {
    name: 'waybill-success',
    description:
      'The waybill page after a successful query: waybill id with a copy button, carrier, status 正常, the track, the waybill fields and the label',
    theme: 'light',
    link: LINK,
    call: success,
    shows: [
      'SF1400012345678',
      '顺丰速运',
      '正常',
      '物流轨迹',
      '派送中',
      '06-02 10:30',
      '集包地',
      'SF_sortingCenterRouteCode',
      '示例收件人',
    ],
  },
  {
    name: 'waybill-success-dark',
    description: 'The same successful query in dark mode',
    theme: 'dark',
    link: LINK,
    call: success,
    shows: ['SF1400012345678', '派送中', '物流轨迹'],
  },
  {
    name: 'waybill-track',
    description: 'The 物流轨迹 section of a delivered parcel: 已签收, then each event with its time in China',
    theme: 'light',
    link: LINK,
    call: { result: { ok: true, waybill: sampleWaybill({ track: sampleTrack() }) } },
    only: '#track',
    shows: ['已签收', ...JOURNEY.map((event) => event.message), '06-02 15:48', '06-01 16:20'],
  },
  {
    name: 'waybill-label-withheld',
    description: 'A customer’s view: the label is withheld with a note saying only the merchant’s admins see it',
    theme: 'light',
    link: LINK,
    call: { result: { ok: true, waybill: sampleWaybill({ labelHtml: null, labelWithheld: true }) } },
    shows: [LABEL_NOTES.withheld.note, '派送中'],
  },
  {
    name: 'waybill-not-found',
    description: 'No such order: 没有找到这个订单, the order id marked, and the error code for support',
    theme: 'light',
    link: LINK,
    call: {
      result: {
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: 'No order with this orderId exists for this carrier. Check the order id and the carrier.',
          retryable: false,
          field: 'orderId',
          errCode: 930563,
        },
      },
    },
    shows: [ERRCODE_OUTCOMES.NOT_FOUND?.[930563].title ?? '', FIELD_NOT_FOUND_TEXT.orderId, 'NOT_FOUND · 930563'],
  },
  {
    name: 'waybill-busy',
    description: 'WeChat is busy: 系统繁忙 with 重试',
    theme: 'light',
    link: LINK,
    call: {
      result: {
        ok: false,
        error: {
          code: 'UPSTREAM_BUSY',
          message: 'WeChat is busy and did not answer in time, even after retrying.',
          retryable: true,
          errCode: -1,
        },
      },
    },
    shows: [ERROR_OUTCOMES.UPSTREAM_BUSY.title, ERROR_OUTCOMES.UPSTREAM_BUSY.action, '重试', 'UPSTREAM_BUSY · -1'],
  },
  {
    name: 'waybill-not-deployed',
    description: 'The cloud function is not deployed: customers read that the service is unavailable, with 重试',
    theme: 'light',
    link: LINK,
    call: {
      reject: {
        errCode: -501000,
        errMsg: 'cloud.callFunction:fail errCode: -501000 | errMsg: [ResourceNotFound] FunctionName parameter could not be found.',
      },
    },
    shows: [CALL_OUTCOMES.functionNotDeployed.title, '重试', 'FUNCTION_NOT_FOUND · -501000'],
  },
  {
    name: 'waybill-field-error',
    description: 'A waybill number with a space: the field says in Chinese what is wrong and the query button waits',
    theme: 'light',
    link: { ...LINK, waybillId: 'SF1400 012345678' },
    shows: [FIELD_TEXT.waybillId.format, 'SF1400 012345678'],
  },
];
