// The one module that touches wx-server-sdk: initialisation, the caller's
// identity, and the cloud-call transport. The SDK reads WeChat's answer before
// we do (it throws for a truthy errcode, converts keys to camelCase, answers a
// non-JSON body with its bytes); this module hands the reader the body as the
// SDK let it see it, so that both transports read every answer alike.
import cloud = require('wx-server-sdk');
import { readWeChatAnswer } from './readWeChatAnswer';
import { UpstreamFailure, type WeChatAnswer, type WeChatApiName, type WeChatTransport } from './weChatApi';

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

function badResponse(api: WeChatApiName, detail: string): UpstreamFailure {
  return new UpstreamFailure('badResponse', undefined, `${api}: ${detail}`);
}

// WeChat's answers use a handful of keys over and over: each is converted once, not on every call.
const snakeKeys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 256;

function snakeKey(key: string): string {
  let snake = snakeKeys.get(key);
  if (snake === undefined) {
    snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    if (snakeKeys.size < MAX_REMEMBERED_KEYS) snakeKeys.set(key, snake);
  }
  return snake;
}

/** The inverse of the SDK's snake_case -> camelCase conversion, for keys WeChat writes in lower-case snake_case. */
function toSnakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnakeCase);
  if (value === null || typeof value !== 'object') return value;
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(value)) body[snakeKey(key)] = toSnakeCase((value as Record<string, unknown>)[key]);
  return body;
}

/** The body behind an error the SDK threw: WeChat's errcode (or the platform's), or a failure of its own. */
function bodyOfFailure(api: WeChatApiName, error: unknown): unknown {
  // The SDK's own code choked on the answer (a JSON null, say): it was not WeChat's answer.
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
  // A body that is not JSON (an HTML gateway page, an empty answer) comes back as its bytes.
  if (peek(answer, 'buffer') instanceof Uint8Array) throw badResponse(api, 'the answer is not JSON');
  const { errMsg: _errMsg, errCode: _errCode, ...fields } = answer as Record<string, unknown>;
  return toSnakeCase(fields);
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
