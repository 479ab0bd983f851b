// Turns WeChat's and the cloud platform's error codes into the contract's
// typed errors, each with a message that says what to do.
import type { WaybillError, WaybillErrorCode } from '../../../miniprogram/contract/getWaybillContract';
import type { UpstreamFailure } from './orderSource';

interface ErrorRule {
  code: WaybillErrorCode;
  message: string;
  field?: WaybillError['field'];
}

const BUSY_MESSAGE = 'WeChat is busy and did not answer in time, even after retrying. Try again in a moment.';

const RULES: ReadonlyMap<number, ErrorRule> = new Map<number, ErrorRule>([
  [
    40003,
    {
      code: 'INVALID_ARGUMENT',
      field: 'openid',
      message: 'WeChat rejected the openid: it must be the OPENID of a user of this mini program.',
    },
  ],
  [
    47001,
    {
      code: 'INVALID_ARGUMENT',
      message: 'WeChat could not parse the request (data format error). Check orderId, deliveryId and waybillId.',
    },
  ],
  [
    930561,
    {
      code: 'INVALID_ARGUMENT',
      message: 'WeChat rejected the arguments. Check orderId, deliveryId and waybillId against the order you added.',
    },
  ],
  [9300526, { code: 'INVALID_ARGUMENT', message: 'An argument is too long for WeChat. Check orderId and waybillId.' }],
  [
    930563,
    {
      code: 'NOT_FOUND',
      field: 'orderId',
      message: 'No order with this orderId exists for this carrier. Check the order id and the carrier.',
    },
  ],
  [
    9300528,
    { code: 'NOT_FOUND', field: 'waybillId', message: 'WeChat does not know this waybill number. Check waybillId, or leave it out.' },
  ],
  [
    40199,
    { code: 'NOT_FOUND', field: 'waybillId', message: 'The waybill number is wrong for this order. Check waybillId, or leave it out.' },
  ],
  [
    9300503,
    {
      code: 'NOT_FOUND',
      field: 'deliveryId',
      message: 'This carrier (deliveryId) is not registered with WeChat logistics. Use an id from getAllDelivery, or TEST for the sandbox.',
    },
  ],
  [
    -604101,
    {
      code: 'NOT_CONFIGURED',
      message:
        'The cloud function may not call logistics.getOrder. Make sure cloudfunctions/getWaybill/config.json lists "logistics.getOrder" under permissions.openapi, then upload the function again from WeChat DevTools (上传并部署). A new permission can take about 10 minutes to apply.',
    },
  ],
  [
    -604100,
    {
      code: 'NOT_CONFIGURED',
      message: 'The cloud platform does not know the logistics.getOrder API. Update wx-server-sdk and redeploy the function.',
    },
  ],
  [
    48001,
    {
      code: 'NOT_CONFIGURED',
      message: 'This mini program is not authorised for WeChat logistics. Enable 物流助手 in the mini program admin console.',
    },
  ],
  [
    9300525,
    {
      code: 'NOT_CONFIGURED',
      message: 'The carrier account (biz_id) is not bound to this mini program. Bind it in the logistics assistant (bindAccount).',
    },
  ],
  [
    9300531,
    {
      code: 'NOT_CONFIGURED',
      message: 'The carrier account (biz_id) or its password is wrong. Check the bound account in the logistics assistant.',
    },
  ],
  // stable_token's answers when the HTTPS transport's credentials are wrong (WAYBILL_TRANSPORT=https).
  [40013, { code: 'NOT_CONFIGURED', message: "WeChat rejected WX_APPID (invalid appid). Set it to the mini program's AppID." }],
  [
    40125,
    {
      code: 'NOT_CONFIGURED',
      message: "WeChat rejected WX_APPSECRET (invalid appsecret). Set it to the mini program's current AppSecret.",
    },
  ],
  [
    40164,
    {
      code: 'NOT_CONFIGURED',
      message:
        "WeChat refused the access_token request from this IP address. Add the server's IP to the mini program's IP whitelist (开发管理 -> 开发设置).",
    },
  ],
  [
    40001,
    {
      code: 'NOT_CONFIGURED',
      message:
        'WeChat rejected the access_token (40001). On the https transport, check WX_APPID and WX_APPSECRET; on the cloud transport the platform supplies the token: upload the function again from DevTools.',
    },
  ],
  [
    42001,
    {
      code: 'NOT_CONFIGURED',
      message:
        'The access_token expired and could not be renewed (42001). On the https transport, check WX_APPID and WX_APPSECRET; on the cloud transport the platform supplies the token: upload the function again from DevTools.',
    },
  ],
  ...[-1, 9300502, -501001, -501002, -501003, -501004, -601001, -604102, -604103].map((errCode): [number, ErrorRule] => [
    errCode,
    { code: 'UPSTREAM_BUSY', message: BUSY_MESSAGE },
  ]),
  [
    9300501,
    {
      code: 'UPSTREAM_ERROR',
      message: "The carrier's system rejected the request (9300501). Check the order with the carrier; retrying will not help.",
    },
  ],
]);

export function isBusyErrCode(errCode: number | undefined): boolean {
  return errCode !== undefined && RULES.get(errCode)?.code === 'UPSTREAM_BUSY';
}

export function mapWeChatError(errCode: number): WaybillError {
  const rule = RULES.get(errCode);
  if (rule === undefined) {
    return {
      code: 'UPSTREAM_ERROR',
      retryable: false,
      errCode,
      message: `WeChat answered error ${errCode}. Look it up in the logistics API's error codes; retrying will not help.`,
    };
  }
  const error: WaybillError = { code: rule.code, message: rule.message, retryable: rule.code === 'UPSTREAM_BUSY', errCode };
  if (rule.field !== undefined) error.field = rule.field;
  return error;
}

/** Transport faults with no code (a timeout, a reset connection, a body that is not JSON) are all worth another try. */
export function mapUpstreamFailure(failure: UpstreamFailure): WaybillError {
  if (failure.errCode !== undefined) return mapWeChatError(failure.errCode);
  return { code: 'UPSTREAM_BUSY', retryable: true, message: BUSY_MESSAGE };
}

export function isRetryable(failure: UpstreamFailure): boolean {
  return failure.errCode === undefined || isBusyErrCode(failure.errCode);
}
