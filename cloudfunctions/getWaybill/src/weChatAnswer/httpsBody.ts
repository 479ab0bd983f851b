// How the HTTPS transport reads an answer's body, as wx-server-sdk reads it for
// the cloud call, so that both transports see the same body: JSON only under a
// content type the SDK takes for JSON, parsed with json-bigint with the SDK's
// options (a number of more than 15 digits becomes a BigNumber object instead
// of a number that silently lost digits; a `__proto__` or `constructor` key
// makes the parse fail), and its keys renamed as the SDK renames them.
import JSONbig from 'json-bigint';
import { hasOwn } from './values';
import { sdkCamelCaseKeys, snakeCaseKeys, TooDeep } from './keys';

const parser = JSONbig({ useNativeBigInt: false });

/** wx-server-sdk parses an answer as JSON only when its content type says so (case and all). */
const JSON_CONTENT_TYPE = /(application\/json)|(text\/plain)/;

/**
 * wx-server-sdk builds its error's text with `${errmsg}`, which throws on an
 * object without a prototype (json-bigint's, also inside an array): the SDK then
 * fails instead of reporting the errcode.
 */
function sdkCanQuote(errmsg: unknown): boolean {
  try {
    return typeof `${errmsg as string}` === 'string';
  } catch {
    return false;
  }
}

/** The body as the reader wants it (snake_case keys), or why it is not WeChat's answer. */
export function parseWeChatJson(text: string, contentType: string): { body: unknown } | { notJson: string } {
  if (!JSON_CONTENT_TYPE.test(contentType)) return { notJson: 'the answer is not JSON (its content type says so)' };
  let parsed: unknown;
  try {
    parsed = parser.parse(text) as unknown;
  } catch {
    return { notJson: 'the answer is not JSON' };
  }
  // An error is read before any key is renamed, as the SDK reads it: only errcode counts, however deep the rest.
  if (parsed !== null && typeof parsed === 'object' && hasOwn(parsed, 'errcode')) {
    const { errcode, errmsg } = parsed as { errcode: unknown; errmsg?: unknown };
    if (errcode) return sdkCanQuote(errmsg) ? { body: { errcode } } : { notJson: 'errmsg is not text' };
  }
  try {
    return { body: snakeCaseKeys(sdkCamelCaseKeys(parsed)) };
  } catch (error) {
    if (error instanceof TooDeep) return { notJson: 'the answer is nested too deep' };
    throw error;
  }
}
