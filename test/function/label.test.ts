// The label: decoded from print_html for admins only, and left out (with the
// reason) when it is missing, broken or too large for the 1 MB result cap,
// while the rest of the waybill still arrives.
import * as labelDecoding from '../../cloudfunctions/getWaybill/src/decodeLabel';
import { functionWith } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { USER } from '../support/people';
import { orderAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const RESULT_CAP = 1_000_000; // MAX_RESULT_BYTES: under the platform's 1,048,576 with room for its envelope

async function waybillFor(printHtml: unknown, caller?: string) {
  const fn = functionWith(
    { answer: () => orderAnswer({ print_html: printHtml }), ...(caller === undefined ? {} : { caller }) },
    capture.log,
  );
  const result = await fn.call(SAMPLE_EVENT);
  expect(Buffer.byteLength(JSON.stringify(result), 'utf8')).toBeLessThanOrEqual(RESULT_CAP);
  if (!result.ok) throw new Error(`expected a waybill, got ${JSON.stringify(result.error)}`);
  return result.waybill;
}

const base64 = (html: string): string => Buffer.from(html, 'utf8').toString('base64');

test.each([
  ['absent', undefined, 'absent'],
  ['empty', '', 'absent'],
  ['not BASE64', '<html>plain</html>', 'invalid'],
  ['BASE64 of bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'), 'invalid'],
  ['1.2 MB of UTF-8', base64(`<html>${'地'.repeat(400_000)}</html>`), 'tooLarge'],
])('a label that is %s gives labelHtml null and says why, and the rest arrives', async (_case, printHtml, reason) => {
  expect(await waybillFor(printHtml)).toMatchObject({
    waybillId: 'SF1234567890',
    labelHtml: null,
    labelWithheld: false,
    labelUnavailable: reason,
  });
});

test('a label just under the cap is kept whole', async () => {
  const html = `<html>${'a'.repeat(990_000)}</html>`;
  expect((await waybillFor(base64(html))).labelHtml).toBe(html);
});

test('a label whose JSON escapes would push the result over the cap is left out', async () => {
  const html = `<html>${'"'.repeat(600_000)}</html>`; // 600 KB of HTML, 1.2 MB once each quote is escaped
  expect(await waybillFor(base64(html))).toMatchObject({ labelHtml: null, labelUnavailable: 'tooLarge' });
});

test('a 3 MB label for a user who is not an admin is simply withheld, never decoded', async () => {
  const printHtml = base64(`<html>${'x'.repeat(3_000_000)}</html>`);
  const decoding = jest.spyOn(labelDecoding, 'decodeLabel');
  try {
    expect(await waybillFor(printHtml, USER)).toMatchObject({ labelHtml: null, labelWithheld: true });
    expect(decoding).not.toHaveBeenCalled();
    // The same answer for an admin does reach the decoder: the spy sees decoding when there is some.
    expect(await waybillFor(printHtml)).toMatchObject({ labelHtml: null, labelUnavailable: 'tooLarge' });
    expect(decoding).toHaveBeenCalledTimes(1);
  } finally {
    decoding.mockRestore();
  }
});

test('an answer too big to return even without the label is a typed error, not a result over the cap', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ key: `K${i}`, value: 'v'.repeat(60) }));
  const fn = functionWith({ answer: () => orderAnswer({ waybill_data: rows }) }, capture.log);
  const result = await fn.call(SAMPLE_EVENT);
  expect(Buffer.byteLength(JSON.stringify(result), 'utf8')).toBeLessThanOrEqual(RESULT_CAP);
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_ERROR', retryable: false }) });
});

expectNoPersonalDataLogged(capture);
