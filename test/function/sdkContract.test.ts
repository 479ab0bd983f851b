// The built function against WeChat Cloud's service endpoint (the emulator's):
// what the inlined wx-server-sdk sends and how the answer comes back. The cases
// are contractCases.ts's, which `npm run test:runtimes` also runs under Node 12
// and 16; the version headers are checked here only, against the installed SDK.
import { applyEnv } from '../../emulator/cloudCallCodec';
import { useBuiltFunction } from '../support/bundleHarness';
import { checkCase, CONTRACT_CASES, eventOf } from '../support/contractCases';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN } from '../support/people';
import { orderAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const fn = useBuiltFunction();
beforeEach(() => fn.reset());

test.each(CONTRACT_CASES)('$name', async (contractCase) => {
  fn.answer = contractCase.answer;
  const before = capture.lines.length;
  const result = await fn.call(eventOf(contractCase), contractCase.options);
  checkCase(contractCase, { result, logs: capture.lines.slice(before), calls: fn.calls() });
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
