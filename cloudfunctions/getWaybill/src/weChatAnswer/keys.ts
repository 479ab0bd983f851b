// Keys of WeChat's answers, read alike on both transports. wx-server-sdk turns
// an answer's keys to camelCase before the cloud transport sees it (so that
// "waybill_id" and "waybillId" both arrive as "waybillId"); the reader wants
// WeChat's snake_case back. The HTTPS transport sends its body through the same
// two steps, so that any body, however its keys are written, reads the same way.

/**
 * Deeper than any answer WeChat sends: a body nested more levels than this
 * (the body's own braces are the first) is not its answer.
 */
const MAX_ANSWER_DEPTH = 64;

export class TooDeep extends Error {}

/** An answer's keys are the same few on every call: each is converted once (a bounded cache, so odd answers cannot grow it). */
function remembered(convert: (key: string) => string): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let converted = seen.get(key);
    if (converted === undefined) {
      converted = convert(key);
      if (seen.size < 256) seen.set(key, converted);
    }
    return converted;
  };
}

const toCamel = remembered((key) => key.replace(/_[a-z]/g, (match) => match[1].toUpperCase()));
const toSnake = remembered((key) => key.replace(/[A-Z]/g, (letter, at: number) => `${at > 0 ? '_' : ''}${letter.toLowerCase()}`));

/** A plain object to the SDK: anything Object.prototype.toString calls an Object (json-bigint's BigNumber too). */
const isObjectLike = (value: unknown): value is Record<string, unknown> => Object.prototype.toString.call(value) === '[object Object]';

/**
 * Renames every key, recursively, the way wx-server-sdk's convertCase does: keys
 * are renamed in place in a copy, so that when two keys end up with one name,
 * the same one wins on both transports.
 */
function renameKeys(value: unknown, rename: (key: string) => string, level: number): unknown {
  if (level > MAX_ANSWER_DEPTH) throw new TooDeep();
  if (Array.isArray(value))
    return value.map((item) => (isObjectLike(item) || Array.isArray(item) ? renameKeys(item, rename, level + 1) : item));
  if (!isObjectLike(value)) return value;
  const renamed: Record<string, unknown> = Object.assign({}, value);
  for (const key in renamed) {
    const inner = renamed[key];
    const converted = rename(key);
    renamed[converted] = isObjectLike(inner) || Array.isArray(inner) ? renameKeys(inner, rename, level + 1) : inner;
    if (converted !== key) delete renamed[key];
  }
  return renamed;
}

/** What wx-server-sdk does to an answer's keys. */
export const sdkCamelCaseKeys = (body: unknown): unknown => renameKeys(body, toCamel, 1);

/** Back to WeChat's snake_case, for the reader. */
export const snakeCaseKeys = (body: unknown): unknown => renameKeys(body, toSnake, 1);

/** A request's camelCase field name in WeChat's snake_case (orderId -> order_id). */
export const snakeCaseKey = toSnake;
