// How WeChat's values are read, the same for every field and both transports.
// Both parse JSON with json-bigint as wx-server-sdk does: a number of more than
// 15 digits arrives as a BigNumber object, not a number, so it is never trusted.

/** The integer WeChat meant (a JSON integer, or one written as a plain decimal string), or undefined. */
export function weChatInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** A string as it is; a finite number as its digits (an id sent as a number); anything else is the fallback. */
export function toText(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

/** Own properties only: a value must never come from a prototype (json-bigint's objects have none; others might). */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** A property of something the SDK threw or answered, without letting a throwing getter escape. */
export function peek(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
