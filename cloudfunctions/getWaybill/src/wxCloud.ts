// The one module that touches wx-server-sdk: initialisation, the caller's
// identity, and the cloud-call transport. The SDK reads WeChat's answer before
// we do: it throws for a truthy errcode, turns keys to camelCase, and hands back
// the bytes of an answer whose content type is not JSON's. This module gives the
// reader the body as the SDK let it see it, so both transports read alike.
import cloud = require('wx-server-sdk');
import { readWeChatAnswer } from './readWeChatAnswer';
import { badResponse, UpstreamFailure, type WeChatAnswer, type WeChatApiName, type WeChatTransport } from './weChatApi';
import { snakeCaseKeys, TooDeep } from './weChatKeys';

// Module scope runs once per cold start: init only, nothing that waits.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export function callerOpenid(): string | undefined {
  const openid: unknown = cloud.getWXContext().OPENID;
  return typeof openid === 'string' && openid !== '' ? openid : undefined;
}

/** A property of something the SDK threw, without letting a throwing getter escape. */
function peek(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The body behind an error the SDK threw: WeChat's errcode (or the platform's), or a failure of its own. */
function bodyOfFailure(api: WeChatApiName, error: unknown): unknown {
  // The SDK's own code choked on the answer (a JSON null, a body nested too deep): it was not WeChat's answer.
  if (error instanceof TypeError || error instanceof RangeError) throw badResponse(api, 'wx-server-sdk could not read the answer');
  const errCode = peek(error, 'errCode');
  if (errCode === undefined) throw error; // not the SDK's: a bug, reported as INTERNAL
  const errMsg = peek(error, 'errMsg');
  if (typeof errMsg === 'string' && errMsg.includes('response body is invalid json')) throw badResponse(api, 'the answer is not JSON');
  return { errcode: errCode };
}

/** The body behind what the SDK resolved: WeChat's fields back in snake_case, without the SDK's errMsg/errCode. */
function bodyOfAnswer(api: WeChatApiName, answer: unknown): unknown {
  if (answer === null || typeof answer !== 'object') throw badResponse(api, 'wx-server-sdk resolved something that is not an object');
  // An answer whose content type is not JSON's (an HTML gateway page, an empty answer) comes back as its bytes.
  if (peek(answer, 'buffer') instanceof Uint8Array) throw badResponse(api, 'the answer is not JSON');
  const { errMsg: _errMsg, errCode: _errCode, ...fields } = answer as Record<string, unknown>;
  try {
    return snakeCaseKeys(fields);
  } catch (error) {
    if (error instanceof TooDeep) throw badResponse(api, 'the answer is nested too deep');
    throw error;
  }
}

const SDK_CALLS: Readonly<Record<WeChatApiName, (query: object) => Promise<unknown>>> = {
  getOrder: (query) => cloud.openapi.logistics.getOrder(query),
  getPath: (query) => cloud.openapi.logistics.getPath(query),
};

/** The SDK converts the camelCase query to WeChat's snake_case itself. */
export const cloudTransport: WeChatTransport = async (api, query): Promise<WeChatAnswer> => {
  let body: unknown;
  try {
    body = bodyOfAnswer(api, await SDK_CALLS[api]({ ...query }));
  } catch (error) {
    if (error instanceof UpstreamFailure) throw error;
    body = bodyOfFailure(api, error);
  }
  return readWeChatAnswer(api, body);
};
