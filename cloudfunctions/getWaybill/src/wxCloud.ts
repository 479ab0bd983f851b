// The one module that touches wx-server-sdk: initialisation, the caller's
// identity, and the cloud-call transport for getOrder.
import cloud = require('wx-server-sdk');
import { UpstreamFailure, type OrderSource, type RawOrder } from './orderSource';
import { weChatInteger } from './weChatInteger';

// Module scope runs once per cold start: init only, nothing that waits.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export function callerOpenid(): string | undefined {
  const openid: unknown = cloud.getWXContext().OPENID;
  return typeof openid === 'string' && openid !== '' ? openid : undefined;
}

function errCodeOf(error: unknown): number | undefined {
  // The SDK passes WeChat's errcode through as sent.
  return error !== null && typeof error === 'object' ? weChatInteger((error as { errCode?: unknown }).errCode) : undefined;
}

/** The SDK converts camelCase to snake_case both ways; its errors carry a numeric errCode. */
export const cloudOrderSource: OrderSource = async (query) => {
  let answer: unknown;
  try {
    answer = await cloud.openapi.logistics.getOrder({ ...query });
  } catch (error) {
    const errCode = errCodeOf(error);
    if (errCode === undefined) throw error; // not the SDK's: a bug, reported as INTERNAL
    throw new UpstreamFailure(errCode, 'wechat', `wx-server-sdk errCode ${errCode}`);
  }
  if (answer === null || typeof answer !== 'object') {
    throw new UpstreamFailure(undefined, 'badResponse', 'wx-server-sdk resolved something that is not an object');
  }
  return answer as RawOrder;
};
