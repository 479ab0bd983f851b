// The one module that builds the contract's WaybillError. Adapters only report
// what went wrong (an UpstreamFailure with WeChat's code, a SetupFailure with a
// reason); here each becomes a code, a retryable flag and a message that tells
// a developer what to do. docs/errors.md is generated from ERRCODE_RULES.
import type { RequestField, WaybillError, WaybillErrorCode } from '../../../miniprogram/contract/getWaybillContract';
import type { FieldProblem } from '../../../miniprogram/contract/requestRules';
import type { Refusal } from './accessPolicy';
import type { OrderCheckVariable } from './databaseSettings';
import type { OrderCheckTrouble } from './orderOwnership';
import { SetupFailure, UpstreamFailure, type SetupReason, type WeChatApiName } from './transportPort';

export interface ErrcodeRule {
  code: WaybillErrorCode;
  field?: RequestField;
  /** What it means and what to do; `api` is the logistics method that answered (getOrder or getPath). */
  message: (api: string) => string;
}

const BUSY_MESSAGE = 'WeChat is busy and did not answer in time, even after retrying. Try again in a moment.';
const busy: ErrcodeRule = { code: 'UPSTREAM_BUSY', message: () => BUSY_MESSAGE };
const redeployFromDevTools =
  'upload the function again from WeChat DevTools (上传并部署：所有文件); a new permission can take about 10 minutes to apply';

/** WeChat's and the cloud platform's codes; any other code is UPSTREAM_ERROR. */
export const ERRCODE_RULES: ReadonlyMap<number, ErrcodeRule> = new Map<number, ErrcodeRule>([
  [-1, busy],
  [9300502, busy],
  [-501001, busy],
  [-501002, busy],
  [-501003, busy],
  [-501004, busy],
  [-601001, busy],
  [-604102, busy],
  [-604103, busy],
  [
    40003,
    {
      code: 'INVALID_ARGUMENT',
      field: 'openid',
      message: () => 'WeChat rejected the openid: it must be the OPENID of a user of this mini program.',
    },
  ],
  [
    47001,
    {
      code: 'INVALID_ARGUMENT',
      message: () => 'WeChat could not parse the request (data format error). Check orderId, deliveryId and waybillId.',
    },
  ],
  [
    930561,
    {
      code: 'INVALID_ARGUMENT',
      message: () => 'WeChat rejected the arguments. Check orderId, deliveryId and waybillId against the order you added.',
    },
  ],
  [9300526, { code: 'INVALID_ARGUMENT', message: () => 'An argument is too long for WeChat. Check orderId and waybillId.' }],
  [
    930563,
    {
      code: 'NOT_FOUND',
      field: 'orderId',
      message: () => 'No order with this orderId exists for this carrier. Check the order id and the carrier.',
    },
  ],
  [
    9300528,
    { code: 'NOT_FOUND', field: 'waybillId', message: () => 'WeChat does not know this waybill number. Check waybillId, or leave it out.' },
  ],
  [
    40199,
    {
      code: 'NOT_FOUND',
      field: 'waybillId',
      message: () => 'The waybill number is wrong for this order. Check waybillId, or leave it out.',
    },
  ],
  [
    9300503,
    {
      code: 'NOT_FOUND',
      field: 'deliveryId',
      message: () =>
        'This carrier (deliveryId) is not registered with WeChat logistics. Use an id from getAllDelivery, or TEST for the sandbox.',
    },
  ],
  [
    -604101,
    {
      code: 'NOT_CONFIGURED',
      message: (api) =>
        `The cloud function may not call logistics.${api}. Make sure cloudfunctions/getWaybill/config.json lists "logistics.${api}" under permissions.openapi, then ${redeployFromDevTools}.`,
    },
  ],
  [
    -604100,
    {
      code: 'NOT_CONFIGURED',
      message: (api) => `The cloud platform does not know the logistics.${api} API. Rebuild and upload the function again.`,
    },
  ],
  [
    48001,
    {
      code: 'NOT_CONFIGURED',
      message: (api) =>
        `This mini program may not call logistics.${api} (api unauthorized). Enable 物流助手 in the mini program admin console; on the cloud transport also check config.json's permissions.`,
    },
  ],
  [
    9300525,
    {
      code: 'NOT_CONFIGURED',
      message: () => 'The carrier account (biz_id) is not bound to this mini program. Bind it in the logistics assistant (bindAccount).',
    },
  ],
  [
    9300531,
    {
      code: 'NOT_CONFIGURED',
      message: () => 'The carrier account (biz_id) or its password is wrong. Check the bound account in the logistics assistant.',
    },
  ],
  // stable_token's answers when the HTTPS transport's credentials are wrong (WAYBILL_TRANSPORT=https).
  [40013, { code: 'NOT_CONFIGURED', message: () => "WeChat rejected WX_APPID (invalid appid). Set it to the mini program's AppID." }],
  [
    40125,
    {
      code: 'NOT_CONFIGURED',
      message: () => "WeChat rejected WX_APPSECRET (invalid appsecret). Set it to the mini program's current AppSecret.",
    },
  ],
  [
    40164,
    {
      code: 'NOT_CONFIGURED',
      message: () =>
        "WeChat refused the access_token request from this IP address. Add the server's IP to the mini program's IP whitelist (开发管理 -> 开发设置).",
    },
  ],
  [
    40001,
    {
      code: 'NOT_CONFIGURED',
      message: () =>
        'WeChat rejected the access_token (40001). On the https transport, check WX_APPID and WX_APPSECRET; on the cloud transport the platform supplies the token: upload the function again from DevTools.',
    },
  ],
  [
    42001,
    {
      code: 'NOT_CONFIGURED',
      message: () =>
        'The access_token expired and could not be renewed (42001). On the https transport, check WX_APPID and WX_APPSECRET; on the cloud transport the platform supplies the token: upload the function again from DevTools.',
    },
  ],
  [
    9300501,
    {
      code: 'UPSTREAM_ERROR',
      message: () => "The carrier's system rejected the request (9300501). Check the order with the carrier; retrying will not help.",
    },
  ],
]);

const UNKNOWN_ERRCODE_RULE: ErrcodeRule = {
  code: 'UPSTREAM_ERROR',
  message: () =>
    "WeChat answered an error code this function does not know. Look it up in the logistics API's error codes; retrying will not help.",
};

function error(code: WaybillErrorCode, message: string, extra: Partial<WaybillError> = {}): WaybillError {
  return { code, message, retryable: code === 'UPSTREAM_BUSY', ...extra };
}

/** A request the function's own checks refused; problem null: the event is not an object at all. */
export function invalidRequest(problem: FieldProblem | null, message: string): WaybillError {
  return problem === null
    ? error('INVALID_ARGUMENT', message)
    : error('INVALID_ARGUMENT', message, { field: problem.field, rule: problem.rule });
}

export function refused(refusal: Refusal): WaybillError {
  return refusal === 'noCaller'
    ? error(
        'PERMISSION_DENIED',
        'The caller has no OPENID. Call getWaybill from the mini program with wx.cloud.callFunction; calls from the console or another service carry no user.',
      )
    : error(
        'PERMISSION_DENIED',
        "Only admins may query another user's order. Leave openid out to query your own, or ask to be added to WAYBILL_ADMIN_OPENIDS.",
        { field: 'openid' },
      );
}

const SETUP_MESSAGES: Readonly<Record<SetupReason, (detail: string) => string>> = {
  unknownTransport: () =>
    'WAYBILL_TRANSPORT must be "cloud" (the default) or "https". Fix it in the cloud console (云函数 -> 版本与配置 -> 环境变量).',
  missingCredentials: (detail) =>
    `WAYBILL_TRANSPORT=https needs the mini program's WX_APPID and WX_APPSECRET (mp.weixin.qq.com -> 开发管理 -> 开发设置): ${detail}.`,
  badBaseUrl: () => 'WX_API_BASE_URL must be an https URL such as https://api.weixin.qq.com (plain http only to 127.0.0.1 or localhost).',
  wrongAddress: (detail) => `${detail}. Check WX_API_BASE_URL (default https://api.weixin.qq.com).`,
};

export function fromSetupFailure(failure: SetupFailure): WaybillError {
  return error('NOT_CONFIGURED', SETUP_MESSAGES[failure.reason](failure.detail));
}

function fromUpstreamFailure(failure: UpstreamFailure, api: WeChatApiName): WaybillError {
  // Faults with no code (a timeout, a reset connection, an answer that is not WeChat's) are all worth another try.
  if (failure.errCode === undefined) return error('UPSTREAM_BUSY', BUSY_MESSAGE);
  const rule = ERRCODE_RULES.get(failure.errCode) ?? UNKNOWN_ERRCODE_RULE;
  const extra: Partial<WaybillError> = { errCode: failure.errCode };
  if (rule.field !== undefined) extra.field = rule.field;
  return error(rule.code, rule.message(api), extra);
}

export function fromFailure(failure: UpstreamFailure | SetupFailure, api: WeChatApiName): WaybillError {
  return failure instanceof SetupFailure ? fromSetupFailure(failure) : fromUpstreamFailure(failure, api);
}

export function isRetryable(failure: UpstreamFailure): boolean {
  return failure.errCode === undefined || ERRCODE_RULES.get(failure.errCode)?.code === 'UPSTREAM_BUSY';
}

// Past the cap the platform would fail the call with -604001 and the page would see nothing useful.
export const ANSWER_TOO_LARGE: WaybillError = error(
  'UPSTREAM_ERROR',
  "WeChat's answer for this order is larger than the 1 MB a cloud function may return, even without the label. Look the order up in the logistics assistant; retrying will not help.",
);

export const INTERNAL_ERROR: WaybillError = error(
  'INTERNAL',
  'getWaybill failed unexpectedly. The cloud function log has the details; please report it.',
);

/** getPath answered about another waybill than the one asked about: that track is not this waybill's. */
export const TRACK_OF_ANOTHER_WAYBILL: WaybillError = error(
  'UPSTREAM_ERROR',
  'WeChat answered the track of another waybill than the one asked about; it is not shown. Retrying will not help; report it if it persists.',
);

/** getPath named another user than the caller: the track is not theirs to see. */
export const TRACK_OF_ANOTHER_USER: WaybillError = error(
  'PERMISSION_DENIED',
  "WeChat answered that this waybill's track belongs to another user than the caller; it is not shown.",
);

/** The track of a waybill that has no waybill id yet: there is nothing to ask getPath about. */
export const NO_WAYBILL_ID_FOR_TRACK: WaybillError = error(
  'NOT_FOUND',
  'This order has no waybill id yet, so it has no track. Ask again once the carrier has assigned one.',
);

/**
 * What a caller who does not own the order gets when WAYBILL_ORDERS is on:
 * exactly what WeChat's "order not exists" (930563) becomes, built by the
 * same rule, so that an order of someone else's cannot be told from none.
 */
export const ORDER_NOT_FOUND: WaybillError = fromUpstreamFailure(new UpstreamFailure('wechat', 930563, 'order not exists'), 'getOrder');

const ONLY_ADMINS_UNTIL_FIXED = 'until it is fixed only admins get waybills';
const CLOUD_CONSOLE_VARIABLES = 'the cloud console (云函数 -> getWaybill -> 版本与配置 -> 环境变量)';

/** The order check could not say whether the caller owns the order: no waybill (fail closed), and what to fix. */
export function orderCheckUnavailable(trouble: OrderCheckTrouble, setting: OrderCheckVariable = 'WAYBILL_ORDERS'): WaybillError {
  switch (trouble) {
    case 'setting':
      return error(
        'NOT_CONFIGURED',
        `${setting} cannot be read, and ${ONLY_ADMINS_UNTIL_FIXED}. Set WAYBILL_ORDERS to <collection>.<order id field> (such as orders.orderNo) and WAYBILL_ORDERS_OWNER to the field holding the buyer's OPENID (default _openid), or unset both, in ${CLOUD_CONSOLE_VARIABLES}.`,
      );
    case 'noCollection':
      return error(
        'NOT_CONFIGURED',
        `The orders collection that WAYBILL_ORDERS names does not exist in this environment's cloud database, and ${ONLY_ADMINS_UNTIL_FIXED}. Create it (云开发 -> 数据库) or correct WAYBILL_ORDERS in ${CLOUD_CONSOLE_VARIABLES}.`,
      );
    case 'noPermission':
      return error(
        'NOT_CONFIGURED',
        `The cloud database refused to let getWaybill read the orders collection that WAYBILL_ORDERS names (permission denied), and ${ONLY_ADMINS_UNTIL_FIXED}. Check that the function runs in the environment that holds the collection (cloud.DYNAMIC_CURRENT_ENV) and that the collection exists there.`,
      );
    case 'noDatabase':
      return error(
        'NOT_CONFIGURED',
        `WAYBILL_ORDERS is set but this deployment has no cloud database to check orders in, and ${ONLY_ADMINS_UNTIL_FIXED}. Run getWaybill in WeChat Cloud, or unset WAYBILL_ORDERS.`,
      );
    case 'down':
    case 'timeout':
      return error(
        'UPSTREAM_BUSY',
        'The cloud database did not answer whether the caller owns this order (WAYBILL_ORDERS) in time, even after retrying. Try again in a moment.',
      );
  }
}
