// Everything the waybill says to the people using it, in Chinese, in one place
// (the waybill component, the typed call and the demo page's form all read it):
// what each outcome of a query means and what to do about it, each field's
// problem, the label notes, the track's words. The function's English
// `message` is a developer's explanation and never appears here; the
// `developerHelp` lines are shown only in the develop and trial builds (see
// audience.ts), so they may name API fields, settings and deploy steps.
import type { FieldRule, LabelUnavailableReason, TrackStage, WaybillErrorCode, WaybillStatus } from '../../contract/getWaybillContract';

/** The form's fields, named as the request names them. */
export type FormField = 'orderId' | 'deliveryId' | 'waybillId';

export const FORM_FIELDS: readonly FormField[] = ['orderId', 'deliveryId', 'waybillId'];

export interface Outcome {
  /** A few words: what happened. */
  title: string;
  /** One sentence: what the user can do. */
  action: string;
  /** Whether the page offers 重试 (the sentence above says so when it does). */
  retry: boolean;
  /** Develop and trial builds only: how to fix it, for someone who can deploy. */
  developerHelp?: string;
}

const TRY_LATER_OR_ASK = '请稍后重试；如果一直这样，请联系商家客服。';
const REDEPLOY = '在开发者工具中右键 cloudfunctions/getWaybill，选择「上传并部署：所有文件」';

/** By the contract's error code, when no errCode below says more. */
export const ERROR_OUTCOMES: Readonly<Record<WaybillErrorCode, Outcome>> = {
  INVALID_ARGUMENT: { title: '查询信息有误', action: '请核对订单号、快递公司和运单号后再查询。', retry: false },
  PERMISSION_DENIED: {
    title: '无法查询这笔订单',
    action: '只能查询自己的订单，如需帮助请联系商家客服。',
    retry: false,
    developerHelp: '只有云函数环境变量 WAYBILL_ADMIN_OPENIDS 里的管理员可以查询别人的订单（云开发控制台 → 云函数 → 版本与配置）。',
  },
  NOT_FOUND: { title: '没有找到这笔运单', action: '请核对订单号和快递公司是否与下单时一致。', retry: false },
  NOT_CONFIGURED: {
    title: '运单查询暂未开通',
    action: '商家还没有完成运单查询的设置，请稍后再试或联系商家客服。',
    retry: false,
    developerHelp: `下方的英文说明指出了缺少的设置；改好后${REDEPLOY}。`,
  },
  UPSTREAM_BUSY: { title: '系统繁忙', action: '微信物流暂时繁忙，请稍后重试。', retry: true },
  UPSTREAM_ERROR: { title: '暂时查不到这笔运单', action: '快递公司暂时无法提供信息，请稍后再查或联系商家客服。', retry: false },
  INTERNAL: {
    title: '查询出错了',
    action: '请稍后再试；如果一直这样，请把下方的编号告诉商家客服。',
    retry: false,
    developerHelp: '云函数出错了：云开发控制台 → 云函数 → getWaybill → 日志 里有出错的位置。',
  },
};

const WAYBILL_MISMATCH: Outcome = { title: '运单号与订单不符', action: '请核对运单号，或清空运单号后再查询。', retry: false };

/** Where WeChat's errCode tells the user more than the code does. */
export const ERRCODE_OUTCOMES: Readonly<Partial<Record<WaybillErrorCode, Readonly<Record<number, Outcome>>>>> = {
  NOT_FOUND: {
    930563: { title: '没有找到这个订单', action: '请核对订单号和快递公司是否与下单时一致。', retry: false },
    40199: WAYBILL_MISMATCH,
    9300528: WAYBILL_MISMATCH,
    9300503: { title: '不支持这家快递公司', action: '请选择下单时使用的快递公司。', retry: false },
  },
  INVALID_ARGUMENT: {
    40003: { title: '无法查询这笔订单', action: '请使用下单时的微信账号查询，或联系商家客服。', retry: false },
    9300526: { title: '查询信息太长', action: '订单号或运单号超出了微信物流允许的长度，请核对后再查询。', retry: false },
  },
  NOT_CONFIGURED: {
    [-604101]: {
      ...ERROR_OUTCOMES.NOT_CONFIGURED,
      developerHelp: `云函数没有调用 logistics.getOrder 的权限：cloudfunctions/getWaybill/config.json 的 permissions.openapi 要含 logistics.getOrder（查轨迹还要 logistics.getPath），然后${REDEPLOY}；新权限约 10 分钟后生效。`,
    },
    48001: {
      ...ERROR_OUTCOMES.NOT_CONFIGURED,
      developerHelp: '这个小程序还没有开通物流助手：在小程序管理后台开通「物流助手」并绑定快递公司账号。',
    },
  },
  UPSTREAM_ERROR: {
    9300501: { title: '快递公司未受理', action: '快递公司的系统拒绝了这次查询，请联系商家核实。', retry: false },
  },
};

/** INVALID_ARGUMENT for a field the form shows: the field itself says what is wrong. */
export const FIELD_MARKED_OUTCOME: Outcome = { title: '填写有误', action: '请按提示修改标红的内容后再查询。', retry: false };

/** A code this page does not know (a newer function); retry follows the function's `retryable`. */
export const UNKNOWN_ERROR_OUTCOME: Omit<Outcome, 'retry'> = { title: '查询失败', action: '暂时无法查询，请稍后再试或联系商家客服。' };

/**
 * The reference shown instead of a code outside the catalogue: such a code is
 * whatever the function sent (a newer function's, or a sentence from a broken one),
 * so customers never see it; developers get it in their help (unknownCodeHelp).
 */
export const UNKNOWN_CODE_REFERENCE = 'UNKNOWN_CODE';

/** Develop and trial builds only: the code the page did not know, as the function sent it. */
export function unknownCodeHelp(code: string): string {
  return `这个页面不认识云函数返回的错误代码 ${code}：云函数可能比小程序新，请发布新版小程序。`;
}

/** What the page itself finds: the call rejected, an answer it cannot read, or no answer in time. */
export type CallProblem =
  'functionNotDeployed' | 'noCloudEnvironment' | 'functionTimedOut' | 'noNetwork' | 'callFailed' | 'unexpectedResult' | 'pageTimeout';

export interface CallOutcome extends Outcome {
  /** The short reference shown in small grey type (users quote it to support). */
  reference: string;
}

export const CALL_OUTCOMES: Readonly<Record<CallProblem, CallOutcome>> = {
  functionNotDeployed: {
    title: '查询服务暂不可用',
    action: TRY_LATER_OR_ASK,
    retry: true,
    reference: 'FUNCTION_NOT_FOUND',
    developerHelp: `云函数 getWaybill 还没有部署到当前云环境：${REDEPLOY}。`,
  },
  noCloudEnvironment: {
    title: '查询服务暂不可用',
    action: TRY_LATER_OR_ASK,
    retry: true,
    reference: 'NO_CLOUD_ENV',
    developerHelp: '没有可用的云开发环境：在开发者工具中开通云开发，并检查 miniprogram/cloudEnv.ts 里的 CLOUD_ENV_ID。',
  },
  functionTimedOut: {
    title: '查询超时',
    action: '请稍后重试。',
    retry: true,
    reference: 'FUNCTION_TIMEOUT',
    developerHelp: '云函数 getWaybill 超时：在云开发控制台 → 云函数 → 版本与配置 中调大超时时间（默认 3 秒）。',
  },
  noNetwork: { title: '网络不可用', action: '请检查网络连接后重试。', retry: true, reference: 'NETWORK' },
  callFailed: {
    title: '查询失败',
    action: TRY_LATER_OR_ASK,
    retry: true,
    reference: 'CALL_FAILED',
    developerHelp: 'wx.cloud.callFunction 失败了，开发者工具的控制台里有详细原因。',
  },
  unexpectedResult: {
    title: '查询服务需要更新',
    action: TRY_LATER_OR_ASK,
    retry: true,
    reference: 'UNEXPECTED_RESULT',
    developerHelp: `云函数 getWaybill 返回的不是 GetWaybillResult，部署的可能是旧版本：${REDEPLOY}。`,
  },
  pageTimeout: {
    title: '查询超时',
    action: '等了很久仍没有结果，请检查网络后重试。',
    retry: true,
    reference: 'PAGE_TIMEOUT',
    developerHelp:
      '等待时间内（fetchWaybill 的 timeoutMs，默认 10 秒）没有收到云函数 getWaybill 的结果：看看云开发控制台里它的日志和超时设置。',
  },
};

const WAYBILL_ID_FORMAT = '运单号只能包含字母、数字、下划线和短横线，最长 64 位；没有运单号可以不填。';
const CARRIER_WRONG = '快递公司不对，请重新选择。';

/** A field's problem as the shared rules name it (FieldRule), whether the page or the function found it. */
export const FIELD_TEXT: Readonly<Record<FormField, Readonly<Record<FieldRule, string>>>> = {
  orderId: {
    required: '请填写订单号。',
    wrongType: '订单号格式不对，请重新填写。',
    tooLong: '订单号太长了：最多 512 个字节（约 170 个汉字）。',
    blank: '订单号不能只有空格。',
    invisibleCharacter: '订单号里有看不见的字符（如换行或零宽空格），请删除后重新填写。',
    notUnicode: '订单号里有无法识别的字符，请重新填写。',
    format: '订单号格式不对，请重新填写。',
    unreadable: '无法读取订单号，请重新填写。',
  },
  deliveryId: {
    required: '请选择快递公司。',
    wrongType: CARRIER_WRONG,
    tooLong: CARRIER_WRONG,
    blank: CARRIER_WRONG,
    invisibleCharacter: CARRIER_WRONG,
    notUnicode: CARRIER_WRONG,
    format: '快递公司代码不对，请重新选择快递公司。',
    unreadable: CARRIER_WRONG,
  },
  waybillId: {
    required: '请填写运单号，或清空后再查询。',
    wrongType: WAYBILL_ID_FORMAT,
    tooLong: '运单号太长了：最长 64 位。',
    blank: WAYBILL_ID_FORMAT,
    invisibleCharacter: WAYBILL_ID_FORMAT,
    notUnicode: WAYBILL_ID_FORMAT,
    format: WAYBILL_ID_FORMAT,
    unreadable: WAYBILL_ID_FORMAT,
  },
};

/** INVALID_ARGUMENT for a field without a rule: WeChat itself refused the value. */
export const FIELD_REFUSED_TEXT: Readonly<Record<FormField, string>> = {
  orderId: '微信物流不接受这个订单号，请核对。',
  deliveryId: '微信物流不接受这家快递公司，请重新选择。',
  waybillId: '微信物流不接受这个运单号，请核对或清空后再查询。',
};

/** NOT_FOUND naming a field: that field is the one to check. */
export const FIELD_NOT_FOUND_TEXT: Readonly<Record<FormField, string>> = {
  orderId: '没有找到这个订单号，请核对。',
  deliveryId: '微信物流不支持这家快递公司，请重新选择。',
  waybillId: '运单号与订单不符，请核对或清空后再查询。',
};

/** The API's own words for order_status (0 正常, 1 已取消); anything else is shown with its number. */
export function statusText(status: WaybillStatus, orderStatus: number): string {
  if (status === 'normal') return '正常';
  if (status === 'cancelled') return '已取消';
  return `未知状态（${orderStatus}）`;
}

/** How the label area reads: the label itself, withheld from this caller, or why an allowed caller has none. */
export type LabelState = 'shown' | 'withheld' | LabelUnavailableReason;

export const LABEL_NOTES: Readonly<Record<Exclude<LabelState, 'shown'>, { note: string; developerHelp: string }>> = {
  withheld: {
    note: '面单含收件人和寄件人的姓名、电话与地址，只有商家的管理员能看到。',
    developerHelp:
      '把管理员的 OPENID 加入云函数 getWaybill 的环境变量 WAYBILL_ADMIN_OPENIDS（云开发控制台 → 云函数 → 版本与配置），管理员查询时就能看到面单。',
  },
  absent: { note: '这张运单没有面单。', developerHelp: '微信没有返回 print_html（沙箱快递 TEST 从不返回面单）。' },
  invalid: {
    note: '面单暂时无法显示，请稍后再查。',
    developerHelp: '微信返回的面单不是有效的 BASE64 或 UTF-8（labelUnavailable: invalid）。',
  },
  tooLarge: {
    note: '面单太大，无法在这里显示。',
    developerHelp: '面单超过了云函数结果的 1 MB 上限，云函数没有返回它（labelUnavailable: tooLarge）。',
  },
};

export const STAGE_TEXT: Readonly<Record<TrackStage, string>> = {
  collected: '已揽件',
  collectFailed: '揽件失败',
  courierAssigned: '已分配快递员',
  inTransit: '运输中',
  outForDelivery: '派送中',
  delivered: '已签收',
  deliveryFailed: '签收失败',
  cancelled: '已取消',
  held: '滞留',
  unknown: '其他',
};

export interface TrackNote {
  note: string;
  retry: boolean;
  developerHelp?: string;
}

/** Why the track is missing while the waybill is here, by the track error's code. */
export const TRACK_NOTES: Readonly<Record<WaybillErrorCode, TrackNote>> = {
  INVALID_ARGUMENT: { note: '暂时查不到这张运单的物流轨迹。', retry: false },
  PERMISSION_DENIED: { note: '无法查看这张运单的物流轨迹。', retry: false },
  NOT_FOUND: { note: '暂时查不到这张运单的物流轨迹。', retry: false },
  NOT_CONFIGURED: {
    note: '商家暂未开通物流轨迹查询。',
    retry: false,
    developerHelp: `查轨迹要在 cloudfunctions/getWaybill/config.json 的 permissions.openapi 中加入 logistics.getPath，然后${REDEPLOY}。`,
  },
  UPSTREAM_BUSY: { note: '物流轨迹暂时查不到，请稍后重试。', retry: true },
  UPSTREAM_ERROR: { note: '快递公司暂时无法提供物流轨迹。', retry: false },
  INTERNAL: { note: '物流轨迹加载出错了，请稍后再查。', retry: false },
};

/** A track error code this page does not know. */
export const UNKNOWN_TRACK_NOTE = '物流轨迹暂时无法显示。';

export function trackOmittedText(shown: number, total: number): string {
  return `只显示最近 ${shown} 条，共 ${total} 条。`;
}

/** When WeChat last confirmed the track (China time, e.g. 06-02 16:05). */
export function trackUpdatedText(time: string): string {
  return `更新于 ${time}`;
}

export const COPY_FAILED_TEXT = {
  user: '复制失败，请长按运单号复制',
  // WeChat refuses the clipboard (errno 112) unless 剪切板 is declared in 用户隐私保护指引.
  developer: '复制失败：请在用户隐私保护指引中声明剪切板',
} as const;
