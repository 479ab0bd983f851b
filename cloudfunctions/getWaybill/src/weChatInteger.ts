// WeChat's numbers (errcode, order_status) arrive as JSON integers, but a
// numeric string is still the same number: both transports read them here.

/** The integer WeChat meant, or undefined when the value is not one. */
export function weChatInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value)) return Number(value);
  return undefined;
}
