// What wx-server-sdk made of WeChat's answer, back to the body WeChat sent, for
// the one reader (readAnswer.ts). The SDK throws for a truthy errcode (keeping
// only the code), turns a success's keys to camelCase and drops errcode/errmsg,
// and hands back the bytes of an answer whose content type is not JSON's.
// Only what the SDK resolved or threw is read here: wxCloud.ts calls it.
import { badResponse, type WeChatApiName } from '../transportPort';
import { snakeCaseKeys, TooDeep } from './keys';
import { peek } from './values';

/** The body behind an error the SDK threw: WeChat's errcode (or the platform's), or a failure of its own. */
export function bodyOfSdkFailure(api: WeChatApiName, error: unknown): unknown {
  // The SDK's own code choked on the answer (a JSON null, a body nested too deep): it was not WeChat's answer.
  if (error instanceof TypeError || error instanceof RangeError) throw badResponse(api, 'wx-server-sdk could not read the answer');
  const errCode = peek(error, 'errCode');
  if (errCode === undefined) throw error; // not the SDK's: a bug, reported as INTERNAL
  const errMsg = peek(error, 'errMsg');
  if (typeof errMsg === 'string' && errMsg.includes('response body is invalid json')) throw badResponse(api, 'the answer is not JSON');
  return { errcode: errCode };
}

/** The body behind what the SDK resolved: WeChat's fields back in snake_case, without the SDK's errMsg/errCode. */
export function bodyOfSdkAnswer(api: WeChatApiName, answer: unknown): unknown {
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
