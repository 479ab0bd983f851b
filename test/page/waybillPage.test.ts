/** @jest-environment jsdom */
// The waybill page as a user meets it: rendered by miniprogram-simulate with the
// official WXML compiler, with only wx.cloud.callFunction and the wx APIs the
// page calls replaced. Customers (a release build) are the default audience.
import type { WaybillError, WaybillErrorCode } from '../../miniprogram/contract/getWaybillContract';
import { CARRIERS } from '../../miniprogram/contract/carriers';
import {
  CALL_OUTCOMES,
  COPY_FAILED_TEXT,
  ERROR_OUTCOMES,
  FIELD_MARKED_OUTCOME,
  FIELD_NOT_FOUND_TEXT,
  FIELD_REFUSED_TEXT,
  FIELD_TEXT,
  LABEL_NOTES,
  TRACK_NOTES,
  UNKNOWN_CODE_REFERENCE,
  UNKNOWN_TRACK_NOTE,
} from '../../miniprogram/components/waybill/userText';
import {
  attribute,
  callResult,
  deferred,
  find,
  methods,
  mockWx,
  openWithLink,
  pick,
  readableText,
  renderPage,
  renderedData,
  settle,
  tap,
  text,
  type as typeInto,
  type EnvVersion,
  type PageComponent,
  type WxMocks,
} from '../support/pageHarness';
import { JOURNEY, sampleTrack, sampleWaybill, SAMPLE_LABEL_BODY } from '../../scripts/pagePictures/sampleWaybill';

let wx: WxMocks;

beforeEach(() => {
  wx = mockWx();
});

const PICKER = CARRIERS.filter((carrier) => carrier.inPicker);
const SF_INDEX = PICKER.findIndex((carrier) => carrier.id === 'SF');
const JDL_INDEX = PICKER.findIndex((carrier) => carrier.id === 'JDL');
const TEST_INDEX = PICKER.findIndex((carrier) => carrier.id === 'TEST');
const LINK = { orderId: 'demo-20240601-0001', deliveryId: 'SF' };

/** What only developers may read: the API's field names, its other words, and the admin list. */
const DEVELOPER_WORDS = ['orderId', 'deliveryId', 'waybillId', 'addOrder', 'WAYBILL_ADMIN_OPENIDS'];

async function showResult(result: unknown, envVersion?: EnvVersion): Promise<PageComponent> {
  if (envVersion !== undefined) wx = mockWx(envVersion);
  wx.callFunction.mockResolvedValue(callResult(result));
  return openWithLink(LINK);
}

function showError(error: WaybillError, envVersion?: EnvVersion): Promise<PageComponent> {
  return showResult({ ok: false, error }, envVersion);
}

function rows(page: PageComponent, selector: string): string[] {
  return Array.from(find(page, selector)?.dom?.children ?? []).map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim());
}

describe('idle', () => {
  test('an empty form explains what to do, and its query button is disabled', async () => {
    const page = renderPage();
    expect(text(page, '#idle')).toContain('填写订单号');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    expect(text(page, '#orderId-error')).toBeNull(); // an untouched field is not scolded
    await tap(page, '#query');
    expect(wx.callFunction).not.toHaveBeenCalled();
  });

  test('inputs and buttons carry Chinese aria-labels without the API’s field names', () => {
    const page = renderPage();
    expect(attribute(page, '#orderId', 'aria-label')).toBe('订单号，必填');
    expect(attribute(page, '#carrier', 'aria-label')).toBe('快递公司，必选');
    expect(attribute(page, '#waybillId', 'aria-label')).toBe('运单号，选填');
    expect(attribute(page, '#query', 'aria-label')).toBe('查询运单');
  });
});

describe('who is looking', () => {
  test('a release build shows customers no API field names, no addOrder and no admin list', () => {
    const page = renderPage();
    for (const word of DEVELOPER_WORDS) expect(readableText(page)).not.toContain(word);
    expect(attribute(page, '#orderId', 'placeholder')).toBe('下单时的订单号');
  });

  test.each<EnvVersion>(['develop', 'trial'])('a %s build adds the API field names for developers', (envVersion) => {
    wx = mockWx(envVersion);
    const page = renderPage();
    for (const field of ['orderId', 'deliveryId', 'waybillId']) expect(readableText(page)).toContain(field);
  });

  test.each([
    ['throws', () => mockThrowingAccountInfo()],
    ['is missing (an old base library)', () => delete (globalThis as unknown as { wx: Record<string, unknown> }).wx.getAccountInfoSync],
    ['has no envVersion', () => wx.getAccountInfoSync.mockReturnValue({ miniProgram: {} })],
  ])('when the build flavour cannot be read (getAccountInfoSync %s), the page speaks to customers', async (_case, breakIt) => {
    wx = mockWx('develop');
    breakIt();
    const english = 'No order with this orderId exists for this carrier.';
    wx.callFunction.mockResolvedValue(callResult({ ok: false, error: { code: 'NOT_FOUND', message: english, retryable: false } }));
    const page = await openWithLink(LINK);
    expect(text(page, '#failure-title')).toBe(ERROR_OUTCOMES.NOT_FOUND.title);
    for (const word of [english, ...DEVELOPER_WORDS]) expect(readableText(page)).not.toContain(word);
  });

  function mockThrowingAccountInfo(): void {
    wx.getAccountInfoSync.mockImplementation(() => {
      throw new Error('getAccountInfoSync:fail');
    });
  }
});

describe('form', () => {
  test('a filled form enables the button and asks for the waybill and its track', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    await pick(page, '#carrier', SF_INDEX);
    expect(text(page, '#carrier')).toBe('快递公司顺丰速运');
    await typeInto(page, '#waybillId', 'SF0001');
    expect(attribute(page, '#query', 'disabled')).toBe('false');
    await tap(page, '#query');
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
    expect(wx.callFunction).toHaveBeenCalledWith({
      name: 'getWaybill',
      data: { orderId: 'order-7', deliveryId: 'SF', waybillId: 'SF0001', includeTrack: true },
    });
  });

  test('the picker offers the contract’s picker carriers by name, and 京东 is sent as JDL', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = renderPage();
    expect((page.data as { carrierNames: string[] }).carrierNames).toEqual(PICKER.map((carrier) => carrier.name));
    await typeInto(page, '#orderId', 'order-7');
    await pick(page, '#carrier', JDL_INDEX);
    expect(text(page, '#carrier')).toContain('京东快递');
    await tap(page, '#query');
    expect(wx.callFunction.mock.calls[0][0].data.deliveryId).toBe('JDL');
  });

  test('an empty waybill id is left out of the request, as the contract says', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    await pick(page, '#carrier', TEST_INDEX);
    await typeInto(page, '#waybillId', 'x');
    await typeInto(page, '#waybillId', '');
    await tap(page, '#query');
    expect(wx.callFunction).toHaveBeenCalledWith({
      name: 'getWaybill',
      data: { orderId: 'order-7', deliveryId: 'TEST', includeTrack: true },
    });
  });

  test('an invalid waybill id disables the button and says what is wrong in Chinese under the field', async () => {
    const page = renderPage();
    await typeInto(page, '#orderId', 'order-7');
    await pick(page, '#carrier', SF_INDEX);
    await typeInto(page, '#waybillId', 'SF 0001');
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    expect(text(page, '#waybillId-error')).toBe(FIELD_TEXT.waybillId.format);
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
    expect(text(page, '#orderId-error')).toBe(FIELD_TEXT.orderId.invisibleCharacter);
    expect(attribute(page, '#query', 'disabled')).toBe('true');
  });

  test('clearing the order id after typing says it is required', async () => {
    const page = renderPage();
    await typeInto(page, '#orderId', 'a');
    await typeInto(page, '#orderId', '');
    expect(text(page, '#orderId-error')).toBe('请填写订单号。');
  });

  test('a 512-character order id is kept whole in a growing text area; one more byte is too long', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const longest = 'A'.repeat(512);
    const page = await openWithLink({ orderId: longest, deliveryId: 'SF' });
    expect(find(page, '#orderId')?.dom?.tagName).toBe('WX-TEXTAREA');
    expect(attribute(page, '#orderId', 'auto-height')).toBe('true');
    expect(attribute(page, '#orderId', 'maxlength')).toBe('512');
    expect(attribute(page, '#orderId', 'value')).toBe(longest);
    expect(wx.callFunction.mock.calls[0][0].data.orderId).toBe(longest);

    const tooLong = renderPage();
    await typeInto(tooLong, '#orderId', `${'订'.repeat(170)}AB`); // 512 bytes of UTF-8 would be 170 汉字 and 2 letters
    expect(text(tooLong, '#orderId-error')).toBeNull();
    await typeInto(tooLong, '#orderId', `${'订'.repeat(170)}ABC`);
    expect(text(tooLong, '#orderId-error')).toBe(FIELD_TEXT.orderId.tooLong);
  });
});

describe('deep link', () => {
  test('orderId, deliveryId and waybillId fill the form and query once with the decoded values', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = await openWithLink({ orderId: encodeURIComponent('订单 #42'), deliveryId: 'ZTO', waybillId: 'ZT778' });
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
    expect(wx.callFunction).toHaveBeenCalledWith({
      name: 'getWaybill',
      data: { orderId: '订单 #42', deliveryId: 'ZTO', waybillId: 'ZT778', includeTrack: true },
    });
    expect(attribute(page, '#orderId', 'value')).toBe('订单 #42');
    expect(text(page, '#carrier')).toContain('中通快递');
    expect(attribute(page, '#waybillId', 'value')).toBe('ZT778');
  });

  test('deliveryId=JDL shows 京东 in the picker, queries JDL and shows 京东快递 on the waybill', async () => {
    wx.callFunction.mockResolvedValue(
      callResult({ ok: true, waybill: sampleWaybill({ deliveryId: 'JDL', waybillId: 'JDX000000000001' }) }),
    );
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'JDL' });
    expect(attribute(page, '#carrier', 'value')).toBe(String(JDL_INDEX));
    expect(text(page, '#carrier')).toContain('京东快递');
    expect(wx.callFunction.mock.calls[0][0].data.deliveryId).toBe('JDL');
    expect(text(page, '#carrier-name')).toBe('京东快递');
  });

  test('a known carrier the picker does not offer shows its name and is still queried', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'BEST' });
    expect(text(page, '#carrier')).toContain('百世快递');
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { orderId: 'o-1', deliveryId: 'BEST', includeTrack: true } });
  });

  test('a carrier code the contract does not know is shown as its code and still queried', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'ZJS' });
    expect(text(page, '#carrier')).toContain('ZJS');
    expect(wx.callFunction.mock.calls[0][0].data.deliveryId).toBe('ZJS');
  });

  test('a link with a malformed carrier fills the form, says so in Chinese and does not query', async () => {
    const page = await openWithLink({ orderId: 'o-1', deliveryId: 'S-F' });
    expect(wx.callFunction).not.toHaveBeenCalled();
    expect(text(page, '#deliveryId-error')).toBe(FIELD_TEXT.deliveryId.format);
    expect(attribute(page, '#query', 'disabled')).toBe('true');
  });

  test('a value that is not valid percent-encoding is taken as it is', async () => {
    wx.callFunction.mockReturnValue(deferred().promise);
    await openWithLink({ orderId: '100%', deliveryId: 'SF' });
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { orderId: '100%', deliveryId: 'SF', includeTrack: true } });
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

    call.resolve(callResult({ ok: true, waybill: sampleWaybill() }));
    await settle();
    expect(attribute(page, '#query', 'loading')).toBe('false');
    expect(text(page, '#waybill-id')).toBe('SF1400012345678');
  });
});

describe('success', () => {
  test('shows the waybill id, the carrier’s name, 正常 and WeChat’s fields in order, labelled or by key', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    expect(text(page, '#waybill-id')).toBe('SF1400012345678');
    expect(text(page, '#carrier-name')).toBe('顺丰速运');
    expect(text(page, '#status')).toBe('正常');
    expect(find(page, '#status')?.dom?.className).toContain('status--normal');
    expect(rows(page, '#rows')).toEqual(['集包地华南集散中心', '大头笔755WF-020', 'SF_sortingCenterRouteCodeR12']);
  });

  test('a cancelled order shows 已取消 in its own colour', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ orderStatus: 1, status: 'cancelled' }) });
    expect(text(page, '#status')).toBe('已取消');
    expect(find(page, '#status')?.dom?.className).toContain('status--cancelled');
  });

  test('an order status WeChat did not document is shown with its number', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ orderStatus: 7, status: 'unknown' }) });
    expect(text(page, '#status')).toBe('未知状态（7）');
    expect(find(page, '#status')?.dom?.className).toContain('status--unknown');
  });

  test('the label goes to rich-text as its body, without the head’s CSS', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    expect(attribute(page, '#label', 'nodes')).toBe(SAMPLE_LABEL_BODY);
    expect(text(page, '#label-note')).toBeNull();
  });

  test('a withheld label tells customers who can see it, without the admin list', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ labelHtml: null, labelWithheld: true }) });
    expect(find(page, '#label')).toBeUndefined();
    expect(text(page, '#label-note')).toBe(LABEL_NOTES.withheld.note);
    for (const word of DEVELOPER_WORDS) expect(readableText(page)).not.toContain(word);
  });

  test('a withheld label tells developers how to become an admin', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ labelHtml: null, labelWithheld: true }) }, 'develop');
    expect(text(page, '#label-note')).toContain(LABEL_NOTES.withheld.note);
    expect(text(page, '#label-note')).toContain('WAYBILL_ADMIN_OPENIDS');
  });

  test('a label too large for the result says so in plain words', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ labelHtml: null, labelUnavailable: 'tooLarge' }) });
    expect(text(page, '#label-note')).toBe(LABEL_NOTES.tooLarge.note);
  });

  test('the waybill id is selectable text', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    expect(find(page, '#waybill-id')?.dom?.tagName).toBe('WX-TEXT');
    expect(attribute(page, '#waybill-id', 'user-select')).toBe('true');
  });

  test('the copy button puts the waybill id on the clipboard; success needs no toast of ours', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    await tap(page, '#copy');
    expect(wx.setClipboardData).toHaveBeenCalledTimes(1);
    expect(wx.setClipboardData.mock.calls[0][0]).toMatchObject({ data: 'SF1400012345678' });
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('a refused clipboard (fail callback, errno 112) shows a toast saying copying failed', async () => {
    wx.setClipboardData.mockImplementation(({ fail }: { fail: (error: unknown) => void }) => {
      fail({ errno: 112, errMsg: 'setClipboardData:fail api scope is not declared in the privacy agreement' });
    });
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    await tap(page, '#copy');
    expect(wx.showToast).toHaveBeenCalledTimes(1);
    expect(wx.showToast.mock.calls[0][0]).toMatchObject({ title: COPY_FAILED_TEXT.user, icon: 'none' });
  });

  test('a rejected clipboard promise shows the same toast, once', async () => {
    wx.setClipboardData.mockImplementation(() => Promise.reject(new Error('setClipboardData:fail')));
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    await tap(page, '#copy');
    await settle();
    expect(wx.showToast).toHaveBeenCalledTimes(1);
    expect(wx.showToast.mock.calls[0][0]).toMatchObject({ title: COPY_FAILED_TEXT.user, icon: 'none' });
  });

  test('developers are told the clipboard needs declaring in the privacy guide', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() }, 'develop');
    wx.setClipboardData.mockImplementation(({ fail }: { fail: (error: unknown) => void }) => fail({ errno: 112 }));
    await tap(page, '#copy');
    expect(wx.showToast.mock.calls[0][0]).toMatchObject({ title: COPY_FAILED_TEXT.developer, icon: 'none' });
  });

  test('page data holds the view only: the label once, no raw upstream fields, no raw track', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    const data = JSON.stringify(renderedData(page));
    expect(data.split('示例收件人').length - 1).toBe(1);
    for (const raw of ['<style>', 'waybillData', 'orderStatus', 'labelWithheld', 'actionType', 'totalEvents', String(JOURNEY[0].time)]) {
      expect(data).not.toContain(raw);
    }
  });
});

describe('track', () => {
  test('shows the current stage, then the events newest first with China time', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    expect(text(page, '#track-stage')).toBe('派送中');
    expect(rows(page, '#track-events')).toEqual([
      '【深圳市】快递员（工号 0001）正在派送，请保持电话畅通06-02 10:30',
      '【深圳市】快件已到达 示例营业点06-02 09:15',
      '【广州市】快件已发往 深圳转运中心06-02 02:40',
      '【广州市】快件已到达 广州转运中心06-01 21:05',
      '【广州市】示例网点 已揽收06-01 16:20',
    ]);
  });

  test('a delivered parcel reads 已签收', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack() }) });
    expect(text(page, '#track-stage')).toBe('已签收');
    expect(find(page, '#track-stage')?.dom?.className).toContain('track__stage--done');
  });

  test('no events yet reads 暂无物流信息', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack(0) }) });
    expect(text(page, '#track-empty')).toBe('暂无物流信息');
    expect(text(page, '#track-stage')).toBeNull();
  });

  test('an unavailable track that may come back offers 重试 while the waybill stays; 重试 asks again', async () => {
    const busy: WaybillError = { code: 'UPSTREAM_BUSY', message: 'WeChat is busy.', retryable: true, errCode: -1 };
    const page = await showResult({ ok: true, waybill: sampleWaybill({ track: { available: false, error: busy } }) });
    expect(text(page, '#waybill-id')).toBe('SF1400012345678');
    expect(text(page, '#track-note')).toBe(TRACK_NOTES.UPSTREAM_BUSY.note);
    expect(text(page, '#track-reference')).toBe('UPSTREAM_BUSY · -1');
    expect(readableText(page)).not.toContain('WeChat is busy.');

    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    await tap(page, '#track-retry');
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.callFunction.mock.calls[1]).toEqual(wx.callFunction.mock.calls[0]);
    expect(text(page, '#track-stage')).toBe('派送中');
  });

  test('an unavailable track that will not come back by retrying has no 重试; developers learn about getPath', async () => {
    const denied = {
      code: 'NOT_CONFIGURED',
      message: 'The cloud function may not call logistics.getPath.',
      retryable: false,
      errCode: -604101,
    };
    const waybill = sampleWaybill({ track: { available: false, error: denied } as never });
    const forCustomers = await showResult({ ok: true, waybill });
    expect(text(forCustomers, '#track-note')).toBe(TRACK_NOTES.NOT_CONFIGURED.note);
    expect(find(forCustomers, '#track-retry')).toBeUndefined();
    expect(readableText(forCustomers)).not.toContain(denied.message);

    const forDevelopers = await showResult({ ok: true, waybill }, 'develop');
    expect(text(forDevelopers, '#track')).toContain('logistics.getPath');
    expect(text(forDevelopers, '#track')).toContain(denied.message);
  });

  test('an answer without a track (an older function) shows no track section', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ track: undefined }) });
    expect(text(page, '#waybill-id')).toBe('SF1400012345678');
    expect(find(page, '#track')).toBeUndefined();
    expect(readableText(page)).not.toContain('物流轨迹');
  });

  test('pull-down refresh asks again and shows the new waybill and track', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack(2) }) });
    expect(text(page, '#track-stage')).toBe('运输中');
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack() }) }));
    methods(page).onPullDownRefresh();
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.callFunction.mock.calls[1][0].data.includeTrack).toBe(true);
    expect(text(page, '#track-stage')).toBe('已签收');
  });
});

const CODES = Object.keys(ERROR_OUTCOMES) as WaybillErrorCode[];

describe('errors from the function', () => {
  test.each(CODES)('%s reads in Chinese, with its code for support and none of the function’s English', async (code) => {
    const message = `English explanation for developers of ${code}: check orderId.`;
    const page = await showError({ code, message, retryable: code === 'UPSTREAM_BUSY' });
    const outcome = ERROR_OUTCOMES[code];
    expect(text(page, '#failure-title')).toBe(outcome.title);
    expect(text(page, '#failure-message')).toBe(outcome.action);
    expect(text(page, '#failure-reference')).toBe(code);
    expect(find(page, '#retry') !== undefined).toBe(outcome.retry);
    expect(find(page, '#failure-developer')).toBeUndefined();
    for (const word of [message, ...DEVELOPER_WORDS]) expect(readableText(page)).not.toContain(word);
    expect(JSON.stringify(renderedData(page))).not.toContain(message);
  });

  test.each(CODES)('%s in a develop build adds the function’s English message for developers', async (code) => {
    const message = `English explanation for developers of ${code}.`;
    const page = await showError({ code, message, retryable: false }, 'develop');
    expect(text(page, '#failure-title')).toBe(ERROR_OUTCOMES[code].title);
    expect(text(page, '#failure-developer')).toContain(message);
  });

  test.each([
    [930563, 'orderId', '没有找到这个订单'],
    [40199, 'waybillId', '运单号与订单不符'],
    [9300528, 'waybillId', '运单号与订单不符'],
    [9300503, 'deliveryId', '不支持这家快递公司'],
  ] as const)('NOT_FOUND %i names what was not found and marks %s', async (errCode, field, title) => {
    const page = await showError({ code: 'NOT_FOUND', message: 'Not found.', retryable: false, errCode, field });
    expect(text(page, '#failure-title')).toBe(title);
    expect(text(page, '#failure-reference')).toBe(`NOT_FOUND · ${errCode}`);
    expect(text(page, `#${field}-error`)).toBe(FIELD_NOT_FOUND_TEXT[field]);
    // Not found is not malformed: the same query may be asked again (the order may be added a moment later).
    expect(attribute(page, '#query', 'disabled')).toBe('false');
  });

  test('NOT_CONFIGURED -604101 tells developers about config.json and 上传并部署', async () => {
    const page = await showError(
      { code: 'NOT_CONFIGURED', message: 'Add logistics.getOrder.', retryable: false, errCode: -604101 },
      'develop',
    );
    const help = text(page, '#failure-developer') ?? '';
    for (const words of ['config.json', 'permissions', '上传并部署', 'Add logistics.getOrder.']) expect(help).toContain(words);
  });

  test('INVALID_ARGUMENT with a field and rule marks that field in Chinese, as if the page had found it', async () => {
    const page = await showError({
      code: 'INVALID_ARGUMENT',
      message: 'orderId is longer than 512 bytes of UTF-8.',
      retryable: false,
      field: 'orderId',
      rule: 'tooLong',
    });
    expect(text(page, '#orderId-error')).toBe(FIELD_TEXT.orderId.tooLong);
    expect(text(page, '#failure-title')).toBe(FIELD_MARKED_OUTCOME.title);
    expect(attribute(page, '#query', 'disabled')).toBe('true');
    expect(text(page, '#waybillId-error')).toBeNull();

    await typeInto(page, '#orderId', 'demo-2');
    expect(text(page, '#orderId-error')).toBeNull();
    expect(text(page, '#failure')).toBeNull();
    expect(attribute(page, '#query', 'disabled')).toBe('false');
  });

  test('INVALID_ARGUMENT with a field but no rule (WeChat refused it) marks the field with WeChat’s refusal', async () => {
    const page = await showError({ code: 'INVALID_ARGUMENT', message: 'WeChat refused it.', retryable: false, field: 'waybillId' });
    expect(text(page, '#waybillId-error')).toBe(FIELD_REFUSED_TEXT.waybillId);
  });

  test('INVALID_ARGUMENT for a field the form does not show marks nothing and explains in the card', async () => {
    const page = await showError({
      code: 'INVALID_ARGUMENT',
      message: 'WeChat rejected the openid.',
      retryable: false,
      field: 'openid',
      errCode: 40003,
    });
    expect(text(page, '#failure-title')).toBe('无法查询这笔订单');
    for (const field of ['orderId', 'deliveryId', 'waybillId']) expect(text(page, `#${field}-error`)).toBeNull();
    expect(readableText(page)).not.toContain('openid');
  });

  test('an error code from a newer function still reads in Chinese, with 重试 when it says retryable', async () => {
    const page = await showError({ code: 'QUOTA_EXCEEDED' as WaybillErrorCode, message: 'Quota.', retryable: true });
    expect(text(page, '#failure-title')).toBe('查询失败');
    expect(text(page, '#failure-reference')).toBe(UNKNOWN_CODE_REFERENCE);
    expect(text(page, '#retry')).toBe('重试');
    expect(readableText(page)).not.toContain('QUOTA_EXCEEDED');
  });

  test('a code outside the contract never reaches customers, in the error or in the track; developers see it', async () => {
    // A broken function once put a sentence where the code goes, and the page showed it as the reference.
    const code = 'orderId must be a string (see WAYBILL_ADMIN_OPENIDS)' as WaybillErrorCode;
    const error: WaybillError = { code, message: 'Broken.', retryable: false, errCode: 47001 };
    const waybill = sampleWaybill({ track: { available: false, error } });
    const failed = await showError(error);
    expect(text(failed, '#failure-title')).toBe('查询失败');
    expect(text(failed, '#failure-reference')).toBe(`${UNKNOWN_CODE_REFERENCE} · 47001`);
    const trackless = await showResult({ ok: true, waybill });
    expect(text(trackless, '#track-note')).toBe(UNKNOWN_TRACK_NOTE);
    expect(text(trackless, '#track-reference')).toBe(`${UNKNOWN_CODE_REFERENCE} · 47001`);
    for (const page of [failed, trackless]) {
      for (const word of [code, 'must be', ...DEVELOPER_WORDS]) expect(readableText(page)).not.toContain(word);
    }

    expect(text(await showError(error, 'develop'), '#failure-developer')).toContain(code);
    expect(text(await showResult({ ok: true, waybill }, 'trial'), '#track')).toContain(code);
  });

  test('a retryable error offers 重试, and 重试 queries again', async () => {
    const page = await showError({ code: 'UPSTREAM_BUSY', message: 'WeChat is busy; try again.', retryable: true, errCode: -1 });
    expect(text(page, '#failure-title')).toBe('系统繁忙');
    expect(text(page, '#failure-reference')).toBe('UPSTREAM_BUSY · -1');
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    await tap(page, '#retry');
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.callFunction.mock.calls[1]).toEqual(wx.callFunction.mock.calls[0]);
    expect(text(page, '#failure')).toBeNull();
    expect(text(page, '#status')).toBe('正常');
  });
});

describe('a call that fails on the way', () => {
  const NOT_DEPLOYED = {
    errCode: -501000,
    errMsg: 'cloud.callFunction:fail errCode: -501000 | errMsg: [ResourceNotFound] FunctionName parameter could not be found.',
  };

  test.each([
    ['the function is not deployed', NOT_DEPLOYED, CALL_OUTCOMES.functionNotDeployed, 'FUNCTION_NOT_FOUND · -501000'],
    [
      'there is no cloud environment',
      { errMsg: "Cloud API isn't enabled, please call wx.cloud.init prior to any cloud API call" },
      CALL_OUTCOMES.noCloudEnvironment,
      'NO_CLOUD_ENV',
    ],
    [
      'the function timed out',
      { errMsg: 'cloud.callFunction:fail Invoking task timed out after 3 seconds' },
      CALL_OUTCOMES.functionTimedOut,
      'FUNCTION_TIMEOUT',
    ],
    ['there is no network', new Error('cloud.callFunction:fail request:fail'), CALL_OUTCOMES.noNetwork, 'NETWORK'],
    ['something else', { errMsg: 'cloud.callFunction:fail internal error' }, CALL_OUTCOMES.callFailed, 'CALL_FAILED'],
  ])('when %s, customers read Chinese and get 重试, without the platform’s English', async (_cause, reason, outcome, reference) => {
    wx.callFunction.mockRejectedValue(reason);
    const page = await openWithLink(LINK);
    expect(text(page, '#failure-title')).toBe(outcome.title);
    expect(text(page, '#failure-message')).toBe(outcome.action);
    expect(text(page, '#failure-reference')).toBe(reference);
    expect(text(page, '#retry')).toBe('重试');
    expect(readableText(page)).not.toMatch(/fail|cloud\.callFunction|上传并部署/);
  });

  test('developers are told to upload and deploy a function that is not deployed', async () => {
    wx = mockWx('develop');
    wx.callFunction.mockRejectedValue(NOT_DEPLOYED);
    const page = await openWithLink(LINK);
    expect(text(page, '#failure-developer')).toContain('上传并部署');
    expect(text(page, '#failure-developer')).toContain('FunctionName parameter could not be found');
  });

  test('重试 after no network queries again', async () => {
    wx.callFunction.mockRejectedValueOnce(new Error('cloud.callFunction:fail request:fail'));
    const page = await openWithLink(LINK);
    wx.callFunction.mockResolvedValueOnce(callResult({ ok: true, waybill: sampleWaybill() }));
    await tap(page, '#retry');
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(text(page, '#waybill-id')).toBe('SF1400012345678');
  });

  test.each([
    ['a string', 'hello'],
    ['ok without a usable waybill', { ok: true, waybill: {} }],
  ])('a result that is not a GetWaybillResult (%s) is an error in Chinese, not a crash', async (_case, result) => {
    const page = await showResult(result);
    expect(text(page, '#failure-title')).toBe(CALL_OUTCOMES.unexpectedResult.title);
    expect(text(page, '#failure-reference')).toBe('UNEXPECTED_RESULT');
    expect(text(page, '#retry')).toBe('重试');
  });
});

describe('a call that does not settle', () => {
  beforeEach(() => {
    // Only the clock is fake: miniprogram-simulate and the page's awaits still run on microtasks.
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  test('after 10 s shows a timeout with 重试, and ignores the answer that comes later', async () => {
    const late = deferred<unknown>();
    wx.callFunction.mockReturnValue(late.promise);
    const page = await openWithLink(LINK);
    jest.advanceTimersByTime(9_999);
    expect(text(page, '#loading')).not.toBeNull();
    jest.advanceTimersByTime(1);
    await settle(); // the typed call resolves its timeout outcome as a promise
    expect(text(page, '#failure-title')).toBe(CALL_OUTCOMES.pageTimeout.title);
    expect(text(page, '#failure-reference')).toBe('PAGE_TIMEOUT');
    expect(text(page, '#retry')).toBe('重试');
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);

    late.resolve(callResult({ ok: true, waybill: sampleWaybill() }));
    await settle();
    expect(text(page, '#failure-title')).toBe(CALL_OUTCOMES.pageTimeout.title);
    expect(text(page, '#waybill')).toBeNull();
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  test('a newer query wins: after 重试, the first call’s late answer is ignored', async () => {
    const first = deferred<unknown>();
    const second = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const page = await openWithLink(LINK);
    jest.advanceTimersByTime(10_000);
    await settle();
    await tap(page, '#retry');
    expect(text(page, '#loading')).not.toBeNull();

    first.resolve(callResult({ ok: true, waybill: sampleWaybill({ orderStatus: 1, status: 'cancelled' }) }));
    await settle();
    expect(text(page, '#loading')).not.toBeNull();

    second.resolve(callResult({ ok: true, waybill: sampleWaybill() }));
    await settle();
    expect(text(page, '#status')).toBe('正常');
  });

  test('an answer within 10 s stops the clock: no timeout replaces it', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = await openWithLink(LINK);
    jest.advanceTimersByTime(60_000);
    expect(text(page, '#status')).toBe('正常');
    expect(text(page, '#failure')).toBeNull();
  });
});

describe('a result belongs to what the form says', () => {
  test('editing a field after a waybill is shown takes the waybill away', async () => {
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    await typeInto(page, '#waybillId', 'SF1400012345679');
    expect(text(page, '#waybill')).toBeNull();
    expect(text(page, '#idle')).not.toBeNull();
    expect(attribute(page, '#query', 'disabled')).toBe('false');
  });

  test('choosing another carrier after an error takes the error away; choosing the same one does not', async () => {
    const page = await showError({ code: 'NOT_FOUND', message: 'Not found.', retryable: false, errCode: 930563, field: 'orderId' });
    await pick(page, '#carrier', SF_INDEX);
    expect(text(page, '#failure')).not.toBeNull();
    await pick(page, '#carrier', JDL_INDEX);
    expect(text(page, '#failure')).toBeNull();
    expect(text(page, '#orderId-error')).toBeNull();
  });

  test('a page left while a query runs drops its answer', async () => {
    const call = deferred<unknown>();
    wx.callFunction.mockReturnValue(call.promise);
    const page = await openWithLink(LINK);
    methods(page).onUnload();
    call.resolve(callResult({ ok: true, waybill: sampleWaybill() }));
    await settle();
    expect(text(page, '#waybill')).toBeNull();
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
    const page = await showResult({ ok: true, waybill: sampleWaybill() });
    wx.stopPullDownRefresh.mockClear();
    const call = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(call.promise);
    methods(page).onPullDownRefresh();
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.stopPullDownRefresh).not.toHaveBeenCalled();
    call.resolve(callResult({ ok: true, waybill: sampleWaybill({ orderStatus: 1, status: 'cancelled' }) }));
    await settle();
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(text(page, '#status')).toBe('已取消');
  });

  test('after a refused field it stops the refresh without asking the same question again', async () => {
    const page = await showError({ code: 'INVALID_ARGUMENT', message: 'Bad.', retryable: false, field: 'orderId', rule: 'format' });
    wx.stopPullDownRefresh.mockClear();
    methods(page).onPullDownRefresh();
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });
});
