// The JSON parser for WeChat's answers on the HTTPS transport: json-bigint with
// the options wx-server-sdk uses, so that both transports see the same values.
// A number of more than 15 digits becomes a BigNumber object instead of a
// number that silently lost digits; a `__proto__` or `constructor` key is
// refused (the parse throws), as the SDK refuses it.
import JSONbig from 'json-bigint';

const parser = JSONbig({ useNativeBigInt: false });

/** The parsed value, or undefined when the text is not JSON the SDK would accept. */
export function parseWeChatJson(text: string): { value: unknown } | undefined {
  try {
    return { value: parser.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
