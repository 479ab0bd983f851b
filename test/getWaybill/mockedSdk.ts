// A jest.mock factory for wx-server-sdk: the entry runs with a fake openapi
// and a caller set per test. Only what wxCloud.ts uses is provided.
export interface MockedSdk {
  init: jest.Mock;
  DYNAMIC_CURRENT_ENV: symbol;
  getWXContext: jest.Mock;
  openapi: { logistics: { getOrder: jest.Mock } };
}

export function createMockedSdk(): MockedSdk {
  return {
    init: jest.fn(),
    DYNAMIC_CURRENT_ENV: Symbol('SYMBOL_CURRENT_ENV'),
    getWXContext: jest.fn(() => ({})),
    openapi: { logistics: { getOrder: jest.fn() } },
  };
}

/** What wx-server-sdk throws for a WeChat or platform error. */
export function sdkError(errCode: number): Error & { errCode: number; errMsg: string } {
  return Object.assign(new Error(`errCode: ${errCode}`), { errCode, errMsg: `openapi.logistics.getOrder:fail ${errCode}` });
}

/** What wx-server-sdk resolves for a successful getOrder (camelCase, plus errMsg/errCode). */
export function sdkOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId: 'order-1',
    deliveryId: 'SF',
    waybillId: 'SF1234567890',
    orderStatus: 0,
    waybillData: [
      { key: 'SF_bagAddr', value: '广州' },
      { key: 'SF_mark', value: '020-WA-001' },
    ],
    printHtml: Buffer.from('<html lang="en"><body>收件人 张三</body></html>').toString('base64'),
    errMsg: 'openapi.logistics.getOrder:ok',
    errCode: 0,
    ...overrides,
  };
}
