// print_html decoding: strict enough that a corrupted label reads as invalid.
import { decodeLabel } from '../../cloudfunctions/getWaybill/src/decodeLabel';

const HTML = '<html lang="en"><body>面单</body></html>';
const BASE64 = Buffer.from(HTML).toString('base64');

test.each([
  ['standard BASE64', BASE64],
  ['BASE64 wrapped in lines with CRLF', BASE64.replace(/(.{8})/g, '$1\r\n')],
  ['the URL-safe alphabet', Buffer.from('<p>??>>~~</p>').toString('base64url').padEnd(20, '=')],
])('%s decodes', (_case, printHtml) => {
  const label = decodeLabel(printHtml, 1_000_000);
  expect(label.html).not.toBeNull();
});

test.each([
  ['a character outside the alphabet', `${BASE64.slice(0, 4)}!${BASE64.slice(5)}`],
  ['a space inside', `${BASE64.slice(0, 4)} ${BASE64.slice(5)}`],
  ['padding in the middle', `${BASE64.slice(0, 6)}==${BASE64.slice(8)}`],
  ['a length that is not a multiple of 4', BASE64.slice(0, -1)],
  ['three padding characters', 'QQ==='.padStart(8, 'Q')],
  ['bytes that are not UTF-8', Buffer.from([0x3c, 0x70, 0xc3, 0x28]).toString('base64')],
  ['a number', 12],
])('%s is invalid', (_case, printHtml) => {
  expect(decodeLabel(printHtml, 1_000_000)).toEqual({ html: null, reason: 'invalid' });
});

test('a label whose BASE64 promises more than the room left is refused without decoding', () => {
  expect(decodeLabel(BASE64, 10)).toEqual({ html: null, reason: 'tooLarge' });
});

test('the decoded byte count is reported for the result-cap check', () => {
  expect(decodeLabel(BASE64, 1_000_000)).toEqual({ html: HTML, bytes: Buffer.byteLength(HTML) });
});
