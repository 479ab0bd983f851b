/** @jest-environment jsdom */
// The waybill page as a user meets it: rendered by miniprogram-simulate with the
// official WXML compiler, with only wx.cloud.callFunction, wx.setClipboardData
// and wx.stopPullDownRefresh replaced.
import { checkOrderId, checkWaybillId } from '../../miniprogram/contract/requestRules';
import {
  attribute,
  callResult,
  deferred,
  mockWx,
  pick,
  renderPage,
  settle,
  tap,
  text,
  type as typeInto,
  waybill,
  type PageComponent,
  type WxMocks,
} from './pageHarness';

let wx: WxMocks;

beforeEach(() => {
  wx = mockWx();
});

type PageMethods = { onLoad(query: Record<string, string>): void; onPullDownRefresh(): void };

function methods(page: PageComponent): PageMethods {
  return page.instance as unknown as PageMethods;
}

async function openWithLink(query: Record<string, string>): Promise<PageComponent> {
  const page = renderPage();
  methods(page).onLoad(query);
  await settle();
  return page;
}

async function showResult(result: unknown): Promise<PageComponent> {
  wx.callFunction.mockResolvedValue(callResult(result));
  return openWithLink({ orderId: 'order-1', deliveryId: 'SF' });
}

const SF_INDEX = 0;

describe('idle', () => {
  test('an empty form explains what to do, and its query button is disabled', async () => {
    const page = renderPage();
    expect(text(page, '#idle')).toContain('填写订单号');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    expect(text(page, '#orderId-error')).toBeNull(); // an untouched field is not scolded
    await tap(page, '#query');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });

  test('inputs and buttons carry aria-labels', () => {
    const page = renderPage();
    expect(attribute(page, '#orderId', 'aria-label')).toContain('订单号');
    expect(attribute(page, '#carrier', 'aria-label')).toContain('快递公司');
    expect(attribute(page, '#waybillId', 'aria-label')).toContain('运单号');
    expect(attribute(page, '#query', 'aria-label')).toBe('查询运单');
  });
});

describe('form', () => {
  test('a filled form enables the button and queries with what was entered', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    await pick(page, '#carrier', SF_INDEX);
    expect(text(page, '#carrier')).toContain('顺丰 SF');
    await typeInto(page, '#waybillId', 'SF0001');
    expect(attribute(page, '#query', 'disabled')).toBe('false');
    await tap(page, '#query');
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
    expect(wx.callFunction).toHaveBeenCalledWith({
      name: 'getWaybill',
      data: { orderId: 'order-7', deliveryId: 'SF', waybillId: 'SF0001' },
    });
  });

  test('an empty waybill id is left out of the request, as the contract says', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    await pick(page, '#carrier', 9);
    await typeInto(page, '#waybillId', 'x');
    await typeInto(page, '#waybillId', '');
    await tap(page, '#query');
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { orderId: 'order-7', deliveryId: 'TEST' } });
  });

  test('an invalid waybill id disables the button and shows the shared rule under the field', async () => {
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    await pick(page, '#carrier', SF_INDEX);
    await typeInto(page, '#waybillId', 'SF 0001');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    expect(text(page, '#waybillId-error')).toBe(checkWaybillId('SF 0001')?.message);
    await tap(page, '#query');
    expect(wx.callFunction).not.toHaveBeenCalled();

    await typeInto(page, '#waybillId', 'SF0001');
    expect(text(page, '#waybillId-error')).toBeNull();
    expect(attribute(page, '#query', 'disabled')).toBe('false');
  });

  test('an order id with a pasted zero-width space is refused with the rule that names it', async () => {
    const page = renderPage();
    await pick(page, '#carrier', SF_INDEX);
    await typeInto(page, '#orderId', 'order\u200b-7');
    expect(text(page, '#orderId-error')).toBe(checkOrderId('order\u200b-7')?.message);
    expect(text(page, '#orderId-error')).toContain('invisible');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
  });

  test('clearing the order id after typing says it is required', async () => {
    const page = renderPage();
    await typeInto(page, '#orderId', 'a');
    await typeInto(page, '#orderId', '');
    expect(text(page, '#orderId-error')).toContain('required');
  });
});

describe('deep link', () => {
  test('orderId, deliveryId and waybillId fill the form and query once with the decoded values', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = await openWithLink({ orderId: encodeURIComponent('订单 #42'), deliveryId: 'ZTO', waybillId: 'ZT778' });
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
    expect(wx.callFunction).toHaveBeenCalledWith({
      name: 'getWaybill',
      data: { orderId: '订单 #42', deliveryId: 'ZTO', waybillId: 'ZT778' },
    });
    expect(attribute(page, '#orderId', 'value')).toBe('订单 #42');
    expect(text(page, '#carrier')).toContain('中通 ZTO');
    expect(attribute(page, '#waybillId', 'value')).toBe('ZT778');
  });

  test('a carrier the picker does not list is shown as its id and still queried', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'BEST' });
    expect(text(page, '#carrier')).toContain('BEST');
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { orderId: 'o-1', deliveryId: 'BEST' } });
  });

  test('a link with a bad carrier fills the form, shows the error and does not query', async () => {
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'S-F' });
    expect(wx.callFunction).not.toHaveBeenCalled();
    expect(text(page, '#deliveryId-error')).toContain('deliveryId must be');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
  });

  test('a value that is not valid percent-encoding is taken as it is', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    await openWithLink({ orderId: '100%', deliveryId: 'SF' });
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { orderId: '100%', deliveryId: 'SF' } });
  });
});

describe('loading', () => {
  test('the button shows progress, the form is locked, and a second tap sends nothing', async () => {
    const call = deferred<unknown>();
    wx.callFunction.mockReturnValue(call.promise);
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    await pick(page, '#carrier', SF_INDEX);
    await tap(page, '#query');
    expect(attribute(page, '#query', 'loading')).toBe('true');
    expect(text(page, '#query')).toBe('查询中…');
    expect(text(page, '#loading')).toContain('正在');
    expect(attribute(page, '#orderId', 'disabled')).toBe('true');
    await tap(page, '#query');
    await tap(page, '#query');
    expect(wx.callFunction).toHaveBeenCalledTimes(1);

    call.resolve(callResult({ ok: true, waybill: waybill() }));
    await settle();
    expect(attribute(page, '#query', 'loading')).toBe('false');
    expect(text(page, '#waybill-id')).toBe('SF1234567890');
  });
});

describe('success', () => {
  test('shows the waybill id, carrier, 正常 and WeChat’s fields in order, labelled or by key', async () => {
    const page = await showResult({ ok: true, waybill: waybill() });
    expect(text(page, '#waybill-id')).toBe('SF1234567890');
    expect(text(page, '#carrier-name')).toBe('顺丰 SF');
    expect(text(page, '#status')).toBe('正常');
    expect(page.querySelector('#status')?.dom?.className).toContain('status--normal');
    const rows = Array.from(page.querySelector('#rows')?.dom?.children ?? []).map((row) =>
      (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    expect(rows).toEqual(['集包地深圳集散中心', '大头笔755WA-12', 'SF_extraA1']);
  });

  test('a cancelled order shows 已取消 in its own colour', async () => {
    const page = await showResult({ ok: true, waybill: waybill({ orderStatus: 1, status: 'cancelled' }) });
    expect(text(page, '#status')).toBe('已取消');
    expect(page.querySelector('#status')?.dom?.className).toContain('status--cancelled');
  });

  test('an order status WeChat did not document is shown with its number', async () => {
    const page = await showResult({ ok: true, waybill: waybill({ orderStatus: 7, status: 'unknown' }) });
    expect(text(page, '#status')).toBe('未知状态（7）');
    expect(page.querySelector('#status')?.dom?.className).toContain('status--unknown');
  });

  test('the label goes to rich-text as its body, without the head’s CSS', async () => {
    const page = await showResult({ ok: true, waybill: waybill() });
    expect(attribute(page, '#label', 'nodes')).toBe('<div class="x">收件人 张三</div>');
    expect(text(page, '#label-note')).toBeNull();
  });

  test('a withheld label shows the admin note instead', async () => {
    const page = await showResult({ ok: true, waybill: waybill({ labelHtml: null, labelWithheld: true }) });
    expect(page.querySelector('#label')).toBeUndefined();
    expect(text(page, '#label-note')).toContain('仅管理员可见');
    expect(text(page, '#label-note')).toContain('WAYBILL_ADMIN_OPENIDS');
  });

  test('a label too large for the result says so', async () => {
    const page = await showResult({ ok: true, waybill: waybill({ labelHtml: null, labelUnavailable: 'tooLarge' }) });
    expect(text(page, '#label-note')).toContain('1 MB');
  });

  test('the copy button puts the waybill id on the clipboard', async () => {
    const page = await showResult({ ok: true, waybill: waybill() });
    await tap(page, '#copy');
    expect(wx.setClipboardData).toHaveBeenCalledTimes(1);
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'SF1234567890' });
  });

  test('page data holds the view only: the label once, no raw upstream fields', async () => {
    const page = await showResult({ ok: true, waybill: waybill() });
    const data = JSON.stringify(page.data);
    expect(data.split('收件人 张三').length - 1).toBe(1);
    expect(data).not.toContain('<style>');
    expect(data).not.toContain('waybillData');
    expect(data).not.toContain('orderStatus');
    expect(data).not.toContain('labelWithheld');
  });
});

describe('error', () => {
  test('an error result shows its message and no retry when it is not retryable', async () => {
    const message = 'No order order-1 for carrier SF. Check the order id and carrier.';
    const page = await showResult({ ok: false, error: { code: 'NOT_FOUND', message, retryable: false, errCode: 930563 } });
    expect(text(page, '#failure-message')).toBe(message);
    expect(text(page, '#failure')).toContain('NOT_FOUND · 930563');
    expect(page.querySelector('#retry')).toBeUndefined();
  });

  test('a retryable error offers retry, and retry queries again', async () => {
    const page = await showResult({
      ok: false,
      error: { code: 'UPSTREAM_BUSY', message: 'WeChat is busy; try again.', retryable: true, errCode: -1 },
    });
    expect(text(page, '#failure-message')).toBe('WeChat is busy; try again.');
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: waybill() }));
    await tap(page, '#retry');
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.callFunction.mock.calls[1]).toEqual(wx.callFunction.mock.calls[0]);
    expect(text(page, '#failure')).toBeNull();
    expect(text(page, '#status')).toBe('正常');
  });

  test('a rejected call for a function that is not deployed says so, and offers retry', async () => {
    wx.callFunction.mockRejectedValue({
      errCode: -501000,
      errMsg: 'cloud.callFunction:fail errCode: -501000 | errMsg: [ResourceNotFound] FunctionName parameter could not be found.',
    });
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'SF' });
    expect(text(page, '#failure-message')).toContain('还没有部署');
    expect(text(page, '#failure-message')).toContain('上传并部署');
    expect(text(page, '#retry')).toBe('重试');
  });

  test('a rejected call without network asks to check the network; retry queries again', async () => {
    wx.callFunction.mockRejectedValueOnce(new Error('cloud.callFunction:fail request:fail'));
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'SF' });
    expect(text(page, '#failure-message')).toContain('网络');
    wx.callFunction.mockResolvedValueOnce(callResult({ ok: true, waybill: waybill() }));
    await tap(page, '#retry');
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(text(page, '#waybill-id')).toBe('SF1234567890');
  });

  test.each([
    ['a string', 'hello'],
    ['ok without a usable waybill', { ok: true, waybill: {} }],
  ])('a result that is not a GetWaybillResult (%s) is an error, not a crash', async (_case, result) => {
    const page = await showResult(result);
    expect(text(page, '#failure-message')).toContain('无法识别');
  });
});

describe('pull-down refresh', () => {
  test('before any query it only stops the refresh', () => {
    const page = renderPage();
    methods(page).onPullDownRefresh();
    expect(wx.callFunction).not.toHaveBeenCalled();
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  test('after a query it queries again and stops the refresh when the answer is in', async () => {
    const page = await showResult({ ok: true, waybill: waybill() });
    wx.stopPullDownRefresh.mockClear();
    const call = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(call.promise);
    methods(page).onPullDownRefresh();
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.stopPullDownRefresh).not.toHaveBeenCalled();
    call.resolve(callResult({ ok: true, waybill: waybill({ orderStatus: 1, status: 'cancelled' }) }));
    await settle();
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(text(page, '#status')).toBe('已取消');
  });
});
