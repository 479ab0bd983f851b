/** @jest-environment jsdom */
// <waybill-card> as a host page meets it (here the demo page, which hosts it):
// the track says when it was last updated, it asks again when its page is
// shown again or pulled down, never sends a second call while one is in
// flight, and tells its host what happened through events.
import type { WaybillCopyDetail, WaybillErrorDetail, WaybillLoadDetail } from '../../miniprogram/components/waybill/index';
import { ERROR_OUTCOMES } from '../../miniprogram/components/waybill/userText';
import {
  CARD,
  callResult,
  deferred,
  find,
  listen,
  methods,
  mockWx,
  openWithLink,
  settle,
  showAgain,
  tap,
  text,
  type PageComponent,
  type WxMocks,
} from '../support/pageHarness';
import { SAMPLE_CONFIRMED_AT, sampleTrack, sampleWaybill } from '../../scripts/pagePictures/sampleWaybill';

let wx: WxMocks;

beforeEach(() => {
  wx = mockWx();
});

const LINK = { orderId: 'demo-20240601-0001', deliveryId: 'SF' };

function card(page: PageComponent): NonNullable<ReturnType<PageComponent['querySelector']>> {
  const node = page.querySelector(CARD);
  if (node === undefined) throw new Error('the page has no waybill card');
  return node;
}

describe('更新于', () => {
  test('the track says when WeChat last confirmed it, in China time', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack() }) }));
    const page = await openWithLink(LINK);
    expect(text(page, '#track-updated')).toBe('更新于 06-02 16:05');
  });

  test('a newer confirmation replaces it on refresh', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = await openWithLink(LINK);
    wx.callFunction.mockResolvedValue(
      callResult({ ok: true, waybill: sampleWaybill({ track: { ...sampleTrack(), confirmedAt: SAMPLE_CONFIRMED_AT + 600 } }) }),
    );
    methods(page).onPullDownRefresh();
    await settle();
    expect(text(page, '#track-updated')).toBe('更新于 06-02 16:15');
  });
});

describe('asking again', () => {
  test('the page shown again asks again, keeping the waybill on screen while it asks', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack(2) }) }));
    const page = await openWithLink(LINK);
    const later = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(later.promise);
    showAgain(page);
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.callFunction.mock.calls[1]).toEqual(wx.callFunction.mock.calls[0]);
    expect(text(page, '#waybill-id')).toBe('SF1400012345678'); // no flash of 正在查询
    later.resolve(callResult({ ok: true, waybill: sampleWaybill({ track: sampleTrack() }) }));
    await settle();
    expect(text(page, '#track-stage')).toBe('已签收');
  });

  test('shown again while the first call is in flight sends nothing more', async () => {
    const first = deferred<unknown>();
    wx.callFunction.mockReturnValue(first.promise);
    const page = await openWithLink(LINK);
    showAgain(page);
    showAgain(page);
    methods(page).onPullDownRefresh();
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
  });

  test('refresh() while a call is in flight sends nothing more and settles with that call', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = await openWithLink(LINK);
    const second = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(second.promise);
    const cardMethods = card(page).instance as unknown as { refresh(): Promise<void> };
    const refreshes = [cardMethods.refresh(), cardMethods.refresh(), cardMethods.refresh()];
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    let settled = 0;
    for (const refresh of refreshes) void refresh.then(() => (settled += 1));
    await settle();
    expect(settled).toBe(0);
    second.resolve(callResult({ ok: true, waybill: sampleWaybill({ orderStatus: 1, status: 'cancelled' }) }));
    await settle();
    expect(settled).toBe(3);
    expect(text(page, '#status')).toBe('已取消');
  });

  test('cancel() drops the call in flight and leaves the card empty, not loading; the page shown again asks again', async () => {
    const first = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(first.promise);
    const page = await openWithLink(LINK);
    (card(page).instance as unknown as { cancel(): void }).cancel();
    await settle();
    expect(page.querySelector('#loading')).toBeUndefined();
    first.resolve(callResult({ ok: true, waybill: sampleWaybill({ orderStatus: 1, status: 'cancelled' }) }));
    await settle();
    expect(page.querySelector('#waybill')).toBeUndefined(); // the dropped answer is not shown
    wx.callFunction.mockResolvedValueOnce(callResult({ ok: true, waybill: sampleWaybill() }));
    showAgain(page);
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(text(page, '#status')).toBe('正常');
  });

  test('an answer that will not change by asking again (not found) is not asked again when the page is shown', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: false, error: { code: 'NOT_FOUND', message: 'No.', retryable: false } }));
    const page = await openWithLink(LINK);
    showAgain(page);
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(1);
  });
});

describe('events for the host', () => {
  test('load carries the waybill as the contract types it', async () => {
    const waybill = sampleWaybill();
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill }));
    const page = await openWithLink({ orderId: 'x', deliveryId: 'SF' });
    const loads = listen<WaybillLoadDetail>(page, 'load');
    methods(page).onPullDownRefresh();
    await settle();
    expect(loads).toEqual([{ waybill }]);
  });

  test('error carries the kind, the function’s error and the Chinese text', async () => {
    const error = { code: 'UPSTREAM_BUSY', message: 'Busy.', retryable: true, errCode: -1 } as const;
    wx.callFunction.mockResolvedValue(callResult({ ok: false, error }));
    const page = await openWithLink(LINK);
    const errors = listen<WaybillErrorDetail>(page, 'error');
    await tap(page, '#retry');
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      kind: 'error',
      error,
      field: null,
      text: { title: ERROR_OUTCOMES.UPSTREAM_BUSY.title, retry: true },
    });
  });

  test('copy says whether WeChat took the waybill id', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = await openWithLink(LINK);
    const copies = listen<WaybillCopyDetail>(page, 'copy');
    wx.setClipboardData.mockImplementationOnce(({ success }: { success: () => void }) => success());
    await tap(page, '#copy');
    wx.setClipboardData.mockImplementationOnce(({ fail }: { fail: () => void }) => fail());
    await tap(page, '#copy');
    expect(copies).toEqual([
      { waybillId: 'SF1400012345678', copied: true },
      { waybillId: 'SF1400012345678', copied: false },
    ]);
  });

  test('the card lives inside the page: its elements are not the page’s own', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = await openWithLink(LINK);
    expect(page.querySelector('#waybill-id')).toBeUndefined();
    expect(find(page, '#waybill-id')).toBeDefined();
  });
});
