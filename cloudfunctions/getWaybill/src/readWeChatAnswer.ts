// The one reading of a WeChat answer body, for both transports: the HTTPS
// transport hands over the body it parsed, the cloud transport the body as
// wx-server-sdk let it see it. Rules (the README's error section lists them):
//   errcode absent, 0, null, false or ""   no error (wx-server-sdk cannot tell these apart)
//   errcode a non-zero 32-bit integer      WeChat's (or the platform's) error code
//   errcode anything else ("0", 1.5, {})   not WeChat's answer: a bad response, retried
//   a success with none of the API's fields, or a body that is not an object: a bad response
import { badResponse, UpstreamFailure, type WeChatAnswer, type WeChatApiName } from './weChatApi';
import { hasOwn } from './weChatValues';

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
