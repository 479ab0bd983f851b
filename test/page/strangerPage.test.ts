/** @jest-environment jsdom */
// A stranger on the page: with the order check on (WAYBILL_ORDERS), the
// function's answer to someone else's order is a missing order's, so the page
// shows the same 没有找到这个订单, and nothing a customer or a developer reads
// (title, action, reference, developer help) tells that the order exists.
import { TextDecoder } from 'node:util';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { memoryOrderBook } from '../support/memoryOrderBook';
import { callResult, mockWx, openWithLink, readableText, text, type EnvVersion } from '../support/pageHarness';
import { OTHER_USER, USER } from '../support/people';

const SOMEONE_ELSES = { orderId: 'demo-20240601-0001', deliveryId: 'SF' };
const NOBODYS = { orderId: 'demo-20240601-0002', deliveryId: 'SF' };

/** What the function answers USER for each order: WeChat knows the first (someone else's), not the second. */
async function answers(): Promise<{ someoneElses: GetWaybillResult; nobodys: GetWaybillResult }> {
  // The function's sources run in Node; jsdom lacks the TextDecoder its label decoder builds when loaded.
  Object.assign(globalThis, { TextDecoder });
  const { functionWith } = await import('../support/functionHarness');
  const fn = functionWith({
    caller: USER,
    env: { WAYBILL_ORDERS: 'orders.orderNo' },
    orderBook: memoryOrderBook([[SOMEONE_ELSES.orderId, OTHER_USER]]),
    answer: (_api, query) =>
      query.orderId === NOBODYS.orderId
        ? { errcode: 930563, errmsg: 'order not exists' }
        : { errcode: 0, order_id: query.orderId, delivery_id: 'SF', waybill_id: 'SF1400012345678', order_status: 0, waybill_data: [] },
  });
  return { someoneElses: await fn.call(SOMEONE_ELSES), nobodys: await fn.call(NOBODYS) };
}

async function pageText(result: GetWaybillResult, link: Record<string, string>, envVersion: EnvVersion): Promise<string> {
  const wx = mockWx(envVersion);
  wx.callFunction.mockResolvedValue(callResult(result));
  const page = await openWithLink(link);
  expect(text(page, '#failure')).toContain('没有找到这个订单');
  // The order id is the one typed in the form: take it out, and what remains must be the same.
  return readableText(page).split(link.orderId).join('<order id>');
}

test.each(['release', 'develop'] as const)('%s build: a stranger reads exactly what a missing order shows', async (envVersion) => {
  const { someoneElses, nobodys } = await answers();
  const stranger = await pageText(someoneElses, SOMEONE_ELSES, envVersion);
  const missing = await pageText(nobodys, NOBODYS, envVersion);
  expect(stranger).toBe(missing);
  expect(stranger).not.toMatch(/SF1400012345678|owner|WAYBILL_ORDERS|stranger|另一|别人/);
});
