// What the error state shows: the function's own error, or, when
// wx.cloud.callFunction itself rejects, a friendly message naming the likely
// cause (function not deployed, no cloud environment, no network).
import type { WaybillError } from '../../contract/getWaybillContract';

export interface FailureView {
  message: string;
  /** A short technical line for developers: the error code, WeChat's errCode or errMsg. */
  detail: string;
  retryable: boolean;
}

export function fromWaybillError(error: WaybillError): FailureView {
  return {
    message: error.message,
    detail: error.errCode === undefined ? error.code : `${error.code} · ${error.errCode}`,
    retryable: error.retryable,
  };
}

/** Known causes, matched on the errMsg/errCode WeChat and CloudBase put in a rejected call. */
const CAUSES: ReadonlyArray<{ pattern: RegExp; message: string }> = [
  {
    pattern: /FunctionName parameter could not be found|FUNCTION_NOT_FOUND|ResourceNotFound\.Function|function not found/i,
    message:
      '云函数 getWaybill 还没有部署到当前云环境。请在开发者工具中右键 cloudfunctions/getWaybill，选择「上传并部署：云端安装依赖」，然后重试。',
  },
  {
    pattern:
      /env(ironment)? (does )?not (exist|found)|INVALID_ENV|ResourceNotFound\.Env|Cloud API isn't enabled|wx\.cloud\.init|-601034|开通云开发/i,
    message: '没有可用的云开发环境。请在开发者工具中开通云开发，并检查 miniprogram/cloudEnv.ts 里的 CLOUD_ENV_ID。',
  },
  {
    pattern: /timed out|FUNCTIONS_TIME_LIMIT_EXCEEDED|-504003/i,
    message: '云函数 getWaybill 超时未返回，请重试。如果经常发生，请在云开发控制台调大它的超时时间。',
  },
  {
    pattern: /request:fail|network|ERR_INTERNET|ENOTFOUND|ECONNRESET|ETIMEDOUT|timeout/i,
    message: '网络不可用或连接中断，请检查网络后重试。',
  },
];

const DETAIL_MAX_CHARS = 160;

function errorText(reason: unknown): { errMsg: string; errCode: string } {
  if (reason === null || typeof reason !== 'object') return { errMsg: String(reason), errCode: '' };
  const { errMsg, message, errCode } = reason as { errMsg?: unknown; message?: unknown; errCode?: unknown };
  const text = typeof errMsg === 'string' ? errMsg : typeof message === 'string' ? message : '';
  return { errMsg: text, errCode: typeof errCode === 'number' || typeof errCode === 'string' ? String(errCode) : '' };
}

/** A rejected wx.cloud.callFunction: always retryable, since every cause can go away. */
export function fromRejectedCall(reason: unknown): FailureView {
  const { errMsg, errCode } = errorText(reason);
  const haystack = `${errCode} ${errMsg}`;
  const cause = CAUSES.find(({ pattern }) => pattern.test(haystack));
  const detail = [errCode, errMsg].filter((part) => part !== '').join(' · ');
  return {
    message: cause?.message ?? '无法调用云函数 getWaybill，请重试。如果一直失败，开发者工具的控制台里有详细原因。',
    detail: detail.length > DETAIL_MAX_CHARS ? `${detail.slice(0, DETAIL_MAX_CHARS - 1)}…` : detail,
    retryable: true,
  };
}

/** The call succeeded but its result is not a GetWaybillResult: an old or different function is deployed. */
export const UNEXPECTED_RESULT: FailureView = {
  message: '云函数 getWaybill 返回了无法识别的结果，部署的可能是旧版本。请重新上传并部署后重试。',
  detail: 'unexpected result',
  retryable: true,
};
