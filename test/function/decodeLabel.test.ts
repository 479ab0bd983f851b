// print_html decoding: strict enough that a corrupted label reads as invalid.
import fc from 'fast-check';
import { decodeLabel } from '../../cloudfunctions/getWaybill/src/decodeLabel';

const HTML = '<html lang="en"><body>面单</body></html>';
const BASE64 = Buffer.from(HTML).toString('base64');

const URL_SAFE_HTML = '<p>??>>~~</p>'; // its BASE64 holds + and /, which the URL-safe alphabet writes - and _

test.each([
  ['standard BASE64', BASE64, HTML],
  ['BASE64 wrapped in lines with CRLF', BASE64.replace(/(.{8})/g, '$1\r\n'), HTML],
  ['the URL-safe alphabet', Buffer.from(URL_SAFE_HTML).toString('base64url').padEnd(20, '='), URL_SAFE_HTML],
])('%s decodes to the HTML it encodes', (_case, printHtml, html) => {
  expect(decodeLabel(printHtml, 1_000_000)).toEqual({ html, bytes: Buffer.byteLength(html) });
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

/** decodeLabel as on Node 12 and 16, which have no buffer.isUtf8. */
function decodeLabelWithoutIsUtf8(): typeof decodeLabel {
  let loaded: typeof decodeLabel | undefined;
  jest.isolateModules(() => {
    jest.doMock('buffer', () => ({ ...jest.requireActual<object>('buffer'), isUtf8: undefined }));
    loaded = (jest.requireActual('../../cloudfunctions/getWaybill/src/decodeLabel') as { decodeLabel: typeof decodeLabel }).decodeLabel;
  });
  jest.dontMock('buffer');
  return loaded!;
}

describe.each([
  ['this runtime', decodeLabel],
  ['a runtime without buffer.isUtf8', decodeLabelWithoutIsUtf8()],
])('on %s, the decoded text is exactly what the bytes say', (_runtime, decodeLabel) => {
  // Runtimes decode differently (Node 18.14+ transcodes through ICU, 12 and 16 use a fatal TextDecoder): each must give Node's own UTF-8 decoding.
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decoded = (bytes: Uint8Array): string | null => decodeLabel(Buffer.from(bytes).toString('base64'), 10_000_000).html;

  test('any text, Chinese, emoji and noncharacters included, comes back as it was', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.array(fc.constantFrom('面单', '<td>', '李四 138****0000', ' ', '\n'), { maxLength: 50 }).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(decoded(Buffer.from(text, 'utf8'))).toBe(text === '' ? null : text);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('any bytes: text exactly when they are UTF-8, and then the same text as Buffer#toString', () => {
    const nearlyUtf8 = fc.array(
      fc.oneof(
        fc.uint8Array({ maxLength: 8 }),
        fc.string({ unit: 'binary', maxLength: 8 }).map((text) => Buffer.from(text, 'utf8')),
        fc
          .constantFrom([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0xef, 0xbb, 0xbf])
          .map((b) => Buffer.from(b)),
      ),
      { minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(nearlyUtf8, (chunks) => {
        const bytes = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        const expected = !valid || bytes.length === 0 ? null : bytes.toString('utf8');
        expect(decoded(bytes)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
