// The result-cap check counts the label's JSON size without building the JSON;
// it must agree with what JSON.stringify would produce, byte for byte.
import fc from 'fast-check';
import { jsonStringBytes } from '../../cloudfunctions/getWaybill/src/jsonStringBytes';

const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8');

test('counts quotes, backslashes and every control character as JSON escapes them', () => {
  const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('');
  for (const text of ['', 'plain', '"quoted"', 'back\\slash', controls, '<td>收件人 李四</td>\r\n', '😀 emoji']) {
    expect(jsonStringBytes(text)).toBe(jsonBytes(text));
  }
});

test('agrees with JSON.stringify on any well-formed text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => jsonStringBytes(text) === jsonBytes(text)),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', '\u007f', 'a', '集', '\u2028'), maxLength: 100 }),
      (text) => jsonStringBytes(text) === jsonBytes(text),
    ),
  );
});
