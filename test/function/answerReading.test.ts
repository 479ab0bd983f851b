// One reading of WeChat's answers: every body in this table goes through the
// built function on both transports (the cloud call through the real
// wx-server-sdk, and HTTPS), and both must give the same result. The rules
// (README, errors): errcode absent, 0, null, false or "" is no error; a
// non-zero 32-bit integer is WeChat's code; anything else, a body that is not
// a JSON object, or a success with none of the order's fields is a bad
// response, retried and then UPSTREAM_BUSY.
import type { GetWaybillResult, Waybill } from '../../miniprogram/contract/getWaybillContract';
import { useBuiltFunction } from '../support/bundleHarness';
import { shapeProblems } from '../support/contractShape';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { LABEL_BASE64, LABEL_HTML } from '../support/people';
import { SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const fn = useBuiltFunction();

/** The order's fields without errcode, so each row says its own. */
const FIELDS =
  '"order_id":"ORDER-001","delivery_id":"SF","waybill_id":"SF1","order_status":0,"waybill_data":[{"key":"SF_mark","value":"M"}]';
const WITH_LABEL = `${FIELDS},"print_html":"${LABEL_BASE64}"`;

type Expected = { waybill: Partial<Waybill> } | { code: string; errCode?: number };
const BAD: Expected = { code: 'UPSTREAM_BUSY' }; // a bad response: retried, then busy with no errCode
const OK: Expected = { waybill: { waybillId: 'SF1', status: 'normal', labelHtml: LABEL_HTML } };

interface Row {
  name: string;
  body: string;
  contentType?: string;
  expected: Expected;
}

const ROWS: Row[] = [
  // errcode
  { name: 'errcode 0', body: `{"errcode":0,${WITH_LABEL}}`, expected: OK },
  { name: 'errcode absent', body: `{${WITH_LABEL}}`, expected: OK },
  { name: 'errcode null', body: `{"errcode":null,${WITH_LABEL}}`, expected: OK },
  { name: 'errcode ""', body: `{"errcode":"",${WITH_LABEL}}`, expected: OK },
  { name: 'errcode false', body: `{"errcode":false,${WITH_LABEL}}`, expected: OK },
  { name: 'errcode "0" (a string)', body: `{"errcode":"0",${WITH_LABEL}}`, expected: BAD },
  { name: 'errcode "9300501" (a string)', body: '{"errcode":"9300501"}', expected: BAD },
  { name: 'errcode " 40001"', body: '{"errcode":" 40001"}', expected: BAD },
  { name: 'errcode 1.5', body: '{"errcode":1.5}', expected: BAD },
  { name: 'errcode true', body: '{"errcode":true}', expected: BAD },
  { name: 'errcode {}', body: '{"errcode":{}}', expected: BAD },
  { name: 'errcode [1]', body: '{"errcode":[1]}', expected: BAD },
  { name: 'errcode of 18 digits', body: '{"errcode":123456789012345678}', expected: BAD },
  { name: 'errcode 2^31', body: '{"errcode":2147483648}', expected: BAD },
  {
    name: 'errcode 930563 with an errmsg',
    body: '{"errcode":930563,"errmsg":"order not exists"}',
    expected: { code: 'NOT_FOUND', errCode: 930563 },
  },
  {
    name: 'errcode 9300501 among order fields',
    body: `{"errcode":9300501,${FIELDS}}`,
    expected: { code: 'UPSTREAM_ERROR', errCode: 9300501 },
  },
  // errmsg is never read, but wx-server-sdk builds its error's text from it: an object there (json-bigint's, without a prototype) breaks the SDK
  { name: 'errcode 930563, errmsg {}', body: '{"errcode":930563,"errmsg":{}}', expected: BAD },
  { name: 'errcode 40001, errmsg ["x",{}]', body: '{"errcode":40001,"errmsg":["x",{}]}', expected: BAD },
  { name: 'errcode -1, errmsg {}', body: '{"errcode":-1,"errmsg":{}}', expected: BAD },
  { name: 'errcode 930563, errmsg [[{"a":1}]]', body: '{"errcode":930563,"errmsg":[[{"a":1}]]}', expected: BAD },
  { name: 'errcode 930563, errmsg 5', body: '{"errcode":930563,"errmsg":5}', expected: { code: 'NOT_FOUND', errCode: 930563 } },
  { name: 'errcode 930563, errmsg null', body: '{"errcode":930563,"errmsg":null}', expected: { code: 'NOT_FOUND', errCode: 930563 } },
  { name: 'errcode 930563, errmsg ["x",1]', body: '{"errcode":930563,"errmsg":["x",1]}', expected: { code: 'NOT_FOUND', errCode: 930563 } },
  {
    name: 'errcode 930563, errmsg of 20 digits',
    body: '{"errcode":930563,"errmsg":12345678901234567890}',
    expected: { code: 'NOT_FOUND', errCode: 930563 },
  },
  { name: 'errcode 0, errmsg {}', body: `{"errcode":0,"errmsg":{},${WITH_LABEL}}`, expected: OK },
  // Not JSON, or not an object
  { name: 'an HTML gateway page', body: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html', expected: BAD },
  { name: 'text/plain that is not JSON', body: 'system busy', contentType: 'text/plain', expected: BAD },
  { name: 'text/plain that is JSON', body: `{"errcode":0,${WITH_LABEL}}`, contentType: 'text/plain', expected: OK },
  { name: 'JSON labelled text/html', body: `{"errcode":0,${WITH_LABEL}}`, contentType: 'text/html', expected: BAD },
  { name: 'JSON labelled Application/JSON', body: `{"errcode":0,${WITH_LABEL}}`, contentType: 'Application/JSON', expected: BAD },
  {
    name: 'JSON labelled application/octet-stream',
    body: `{"errcode":0,${WITH_LABEL}}`,
    contentType: 'application/octet-stream',
    expected: BAD,
  },
  { name: 'JSON with a charset', body: `{"errcode":0,${WITH_LABEL}}`, contentType: 'application/json; charset=utf-8', expected: OK },
  { name: 'an empty JSON answer', body: '', expected: BAD },
  { name: 'an empty HTML answer', body: '', contentType: 'text/html', expected: BAD },
  { name: 'JSON cut short', body: '{"errcode":0,"order_id":', expected: BAD },
  { name: 'JSON null', body: 'null', expected: BAD },
  { name: 'a JSON string', body: '"ok"', expected: BAD },
  { name: 'a JSON number', body: '5', expected: BAD },
  { name: 'a JSON array', body: '[{}]', expected: BAD },
  // Keys that attack prototypes: refused by the JSON parser both transports use
  { name: 'a __proto__ key', body: `{"errcode":0,"__proto__":{"polluted":true},${WITH_LABEL}}`, expected: BAD },
  { name: 'a constructor key', body: `{"errcode":0,"constructor":{"prototype":{"polluted":true}},${WITH_LABEL}}`, expected: BAD },
  { name: 'a nested __proto__ key', body: `{"errcode":0,${FIELDS},"extra":{"__proto__":{}}}`, expected: BAD },
  // Keys however they are written, and depth
  {
    name: 'a camelCase key',
    body: `{"errcode":0,"waybillId":"X9","print_html":"${LABEL_BASE64}"}`,
    expected: { waybill: { waybillId: 'X9', labelHtml: LABEL_HTML } },
  },
  {
    name: 'the same key twice, once in camelCase',
    body: `{"errcode":0,"waybill_id":"A1","waybillId":"B2"}`,
    expected: { waybill: { waybillId: 'A1' } },
  },
  { name: 'an unread field nested 50 deep', body: `{"errcode":0,${WITH_LABEL},"x":${'['.repeat(50)}${']'.repeat(50)}}`, expected: OK },
  // Depth: the body's own braces are the first of at most 64 levels
  { name: 'a body 64 levels deep', body: `{"errcode":0,${WITH_LABEL},"x":${'['.repeat(63)}${']'.repeat(63)}}`, expected: OK },
  { name: 'a body 65 levels deep', body: `{"errcode":0,${WITH_LABEL},"x":${'['.repeat(64)}${']'.repeat(64)}}`, expected: BAD },
  {
    name: 'a body 65 levels deep in objects',
    body: `{"errcode":0,${WITH_LABEL},"x":${'{"a":'.repeat(64)}1${'}'.repeat(64)}}`,
    expected: BAD,
  },
  // An error is read before anything else in the body, as wx-server-sdk reads it: its depth does not matter
  {
    name: 'errcode 930563 in a body 65 levels deep',
    body: `{"errcode":930563,"x":${'['.repeat(64)}${']'.repeat(64)}}`,
    expected: { code: 'NOT_FOUND', errCode: 930563 },
  },
  {
    name: 'errcode 40199 in a body 4000 levels deep',
    body: `{"x":${'['.repeat(4000)}${']'.repeat(4000)},"errcode":40199}`,
    expected: { code: 'NOT_FOUND', errCode: 40199 },
  },
  {
    name: 'an unread field nested 4000 deep',
    body: `{"errcode":0,${WITH_LABEL},"x":${'['.repeat(4000)}${']'.repeat(4000)}}`,
    expected: BAD,
  },
  // A success that is not an order
  { name: 'errcode 0 and nothing else', body: '{"errcode":0,"errmsg":"ok"}', expected: BAD },
  { name: "only fields that are not the order's", body: '{"a":1}', expected: BAD },
  { name: 'only order_id', body: '{"errcode":0,"order_id":"ORDER-001"}', expected: BAD },
  {
    name: 'only waybill_data',
    body: '{"errcode":0,"waybill_data":[]}',
    expected: { waybill: { waybillId: '', waybillData: [], labelUnavailable: 'absent' } },
  },
  // Malformed fields keep what can be trusted
  {
    name: 'order_status "1"',
    body: `{${FIELDS.replace('"order_status":0', '"order_status":"1"')}}`,
    expected: { waybill: { orderStatus: 1, status: 'cancelled' } },
  },
  {
    name: 'order_status "cancelled"',
    body: `{${FIELDS.replace('"order_status":0', '"order_status":"cancelled"')}}`,
    expected: { waybill: { orderStatus: -1, status: 'unknown' } },
  },
  {
    name: 'order_status 1.5',
    body: `{${FIELDS.replace('"order_status":0', '"order_status":1.5')}}`,
    expected: { waybill: { orderStatus: -1, status: 'unknown' } },
  },
  {
    name: 'order_status 2 (undocumented)',
    body: `{${FIELDS.replace('"order_status":0', '"order_status":2')}}`,
    expected: { waybill: { orderStatus: 2, status: 'unknown' } },
  },
  {
    name: 'waybill_id a number',
    body: `{${FIELDS.replace('"waybill_id":"SF1"', '"waybill_id":12345')}}`,
    expected: { waybill: { waybillId: '12345' } },
  },
  {
    name: 'waybill_id of 18 digits',
    body: `{${FIELDS.replace('"waybill_id":"SF1"', '"waybill_id":123456789012345678')}}`,
    expected: { waybill: { waybillId: '' } },
  },
  {
    name: 'order_id an object',
    body: `{${FIELDS.replace('"order_id":"ORDER-001"', '"order_id":{"a":1}')}}`,
    expected: { waybill: { orderId: 'ORDER-001' } },
  },
  {
    name: 'waybill_data a string',
    body: `{${FIELDS.replace(/"waybill_data":\[.*\]/, '"waybill_data":"SF_mark=M"')}}`,
    expected: { waybill: { waybillData: [] } },
  },
  {
    name: 'waybill_data rows without value, with odd values, without key',
    body: `{${FIELDS.replace(/"waybill_data":\[.*\]/, '"waybill_data":[{"key":"SF_mark"},{"key":"X","value":7},{"key":"Y","value":{"a":1}},{"value":"no key"},null,"row"]')}}`,
    expected: {
      waybill: {
        waybillData: [
          { key: 'SF_mark', value: '', label: '大头笔' },
          { key: 'X', value: '7' },
          { key: 'Y', value: '' },
        ],
      },
    },
  },
  {
    name: 'print_html not BASE64',
    body: `{${FIELDS},"print_html":"<html>plain</html>"}`,
    expected: { waybill: { labelHtml: null, labelUnavailable: 'invalid' } },
  },
  {
    name: 'print_html a number',
    body: `{${FIELDS},"print_html":12}`,
    expected: { waybill: { labelHtml: null, labelUnavailable: 'invalid' } },
  },
];

function outcome(result: GetWaybillResult): unknown {
  return result.ok ? result.waybill : { code: result.error.code, errCode: result.error.errCode };
}

// Every row at once on each transport, as concurrent calls of one warm instance (a bad response is
// retried until the deadline: one after the other they would take seconds); each call's carrier names its row.
const results: Record<'cloud' | 'https', GetWaybillResult[]> = { cloud: [], https: [] };
beforeAll(async () => {
  fn.answer = (call) => {
    const row = ROWS[Number(String(call.params.delivery_id).slice(1))];
    return { kind: 'body', body: row.body, contentType: row.contentType ?? 'application/json' };
  };
  const events = ROWS.map((_, i) => ({ orderId: SAMPLE_EVENT.orderId, deliveryId: `R${i}` }));
  // Long enough that fifty calls at once on a cold, loaded machine all get their answer; a bad response is retried until it passes.
  const env = { WAYBILL_DEADLINE_MS: '2000' };
  results.cloud = await fn.callAll(events, { env });
  results.https = await fn.callAll(events, { env, transport: 'https' });
});

test.each(ROWS.map((row, i) => ({ ...row, i })))('$name reads the same on both transports, as the rules say', ({ i, expected }) => {
  const cloud = results.cloud[i];
  expect(shapeProblems(cloud)).toEqual([]);
  expect(results.https[i]).toEqual(cloud);
  if ('waybill' in expected) expect(outcome(cloud)).toMatchObject(expected.waybill);
  else expect(outcome(cloud)).toEqual({ code: expected.code, errCode: expected.errCode });
});

test('no answer changed a built-in prototype', () => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
});

expectNoPersonalDataLogged(capture);
