// The built function against WeChat Cloud's service endpoint (the emulator's):
// what the inlined wx-server-sdk sends and how the answer comes back. This is
// the file `npm run test:runtimes` also runs under Node 12 and 16.
import { applyEnv } from '../../emulator/cloudCallCodec';
import { useBuiltFunction } from '../support/bundleHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN, LABEL_HTML, OTHER_USER, USER } from '../support/people';
import { orderAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const fn = useBuiltFunction();
beforeEach(() => fn.reset());

test('getOrder goes out as logistics.getOrder with the snake_case pairs WeChat expects', async () => {
  fn.answer = () => ({ kind: 'body', body: orderAnswer() });
  await fn.call({ orderId: 'ORDER-001', deliveryId: 'SF', waybillId: 'SF1234567890', openid: OTHER_USER, printType: 1 });
  expect(fn.calls().map(({ transport, api, params }) => ({ transport, api, params }))).toEqual([
    {
      transport: 'cloud',
      api: 'getOrder',
      params: { order_id: 'ORDER-001', delivery_id: 'SF', waybill_id: 'SF1234567890', openid: OTHER_USER, print_type: 1 },
    },
  ]);
});

test('a normal order comes back typed, with the label decoded', async () => {
  fn.answer = () => ({ kind: 'body', body: orderAnswer() });
  expect(await fn.call(SAMPLE_EVENT)).toEqual({
    ok: true,
    waybill: {
      orderId: 'ORDER-001',
      deliveryId: 'SF',
      waybillId: 'SF1234567890',
      orderStatus: 0,
      status: 'normal',
      waybillData: [
        { key: 'SF_bagAddr', value: '广州', label: '集包地' },
        { key: 'SF_mark', value: '020-WA-001', label: '大头笔' },
      ],
      labelHtml: LABEL_HTML,
      labelWithheld: false,
    },
  });
});

test('identity comes from the WeChat context, not from the event', async () => {
  fn.answer = () => ({ kind: 'body', body: orderAnswer() });
  const result = await fn.call({ ...SAMPLE_EVENT, userInfo: { openId: ADMIN } }, { caller: USER });
  expect(fn.calls()[0].params.openid).toBe(USER);
  expect(result).toMatchObject({ ok: true, waybill: { labelHtml: null, labelWithheld: true } });
  expect(LABEL_HTML).toContain('张三');
});

test('the call names the environment the function runs in (cloud.init with DYNAMIC_CURRENT_ENV)', async () => {
  fn.answer = () => ({ kind: 'body', body: orderAnswer() });
  await fn.call(SAMPLE_EVENT);
  expect(new URL(fn.calls()[0].url, 'http://x').searchParams.get('env')).toBe('emulator-env');
});

test('the inlined SDK sends exactly the version headers the installed one sends', async () => {
  fn.answer = () => ({ kind: 'body', body: orderAnswer() });
  await fn.call(SAMPLE_EVENT);
  const bundled = fn.calls()[0].headers;
  // The same SDK from node_modules, in this process, against the same endpoint.
  const cloud = require('wx-server-sdk') as {
    init(options: object): void;
    openapi: { logistics: { getOrder(query: object): Promise<unknown> } };
  };
  cloud.init({ env: 'emulator-env' });
  const restore = applyEnv(fn.server().cloudEnv({ openid: ADMIN }));
  try {
    await cloud.openapi.logistics.getOrder({ orderId: 'ORDER-001', deliveryId: 'SF' });
  } finally {
    restore();
  }
  const installed = fn.calls()[1].headers;
  const { version } = require('@cloudbase/node-sdk/package.json') as { version: string };
  expect(installed['user-agent']).toBe(`tcb-node-sdk/${version}`);
  for (const header of ['user-agent', 'x-sdk-version', 'x-tcb-source'])
    expect([header, bundled[header]]).toEqual([header, installed[header]]);
});

expectNoPersonalDataLogged(capture);
