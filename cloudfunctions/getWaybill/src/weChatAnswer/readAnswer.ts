// weChatAnswer/: reading WeChat's answer, the same on both transports. The
// HTTPS transport turns the bytes into a body as wx-server-sdk would
// (httpsBody.ts); the cloud transport recovers the body from what the SDK made
// of it (sdkBody.ts); both rename keys alike (keys.ts) and hand the body to
// this one reader; the service reads its values with values.ts.
// The rules (docs/errors.md lists them):
//   errcode absent, 0, null, false or ""   no error (wx-server-sdk cannot tell these apart)
//   errcode a non-zero 32-bit integer      WeChat's (or the platform's) error code
//   errcode anything else ("0", 1.5, {})   not WeChat's answer: a bad response, retried
//   a success with none of the API's fields, or a body that is not an object: a bad response
import { badResponse, UpstreamFailure, type WeChatAnswer, type WeChatApiName } from '../transportPort';
import { hasOwn } from './values';

/** What answered: one of the logistics APIs, or the HTTPS transport's token endpoint. */
export type AnswerSource = WeChatApiName | 'stableToken';

/** A success must carry at least one of these, or it is not the answer that was asked for. */
const ANSWER_FIELDS: Readonly<Record<AnswerSource, readonly string[]>> = {
  getOrder: ['waybill_id', 'waybill_data', 'print_html'],
  getPath: ['waybill_id', 'path_item_num', 'path_item_list'],
  stableToken: ['access_token'],
};

const INT32_LIMIT = 2 ** 31;

export function readWeChatAnswer(api: AnswerSource, body: unknown): WeChatAnswer {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badResponse(api, 'the answer is not a JSON object');
  const errcode = hasOwn(body, 'errcode') ? (body as WeChatAnswer).errcode : undefined;
  if (errcode) {
    if (typeof errcode === 'number' && Number.isInteger(errcode) && Math.abs(errcode) < INT32_LIMIT) {
      throw new UpstreamFailure('wechat', errcode, `${api}: errcode ${errcode}`);
    }
    throw badResponse(api, 'errcode is not an integer');
  }
  if (!ANSWER_FIELDS[api].some((field) => hasOwn(body, field)))
    throw badResponse(api, `a success without any of ${ANSWER_FIELDS[api].join(', ')}`);
  return body as WeChatAnswer;
}
