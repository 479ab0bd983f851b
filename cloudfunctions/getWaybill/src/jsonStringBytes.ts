// The size a string takes in the JSON result, without building that JSON: a
// label can be most of a megabyte, and JSON.stringify would copy all of it
// only to count it (npm run bench: the copy was a third of the label's cost).

const SHORT_ESCAPES = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x22, 0x5c]); // \b \t \n \f \r \" \\

/**
 * Buffer.byteLength(JSON.stringify(text)) for well-formed text (no lone
 * surrogates, which a fatal UTF-8 decode never yields; JSON.stringify writes
 * each one as a 6-byte \uXXXX where this counts 3).
 */
export function jsonStringBytes(text: string): number {
  let extra = 2; // the quotes
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c) extra += SHORT_ESCAPES.has(code) ? 1 : 5; // "\n" or "\u001f"
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}
