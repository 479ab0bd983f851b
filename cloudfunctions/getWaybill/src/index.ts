// Entry of the getWaybill cloud function: the WeChat platform (wxCloud.ts)
// wired into main (createMain.ts).
import { createMain } from './createMain';
import { callerOpenid, cloudOrderBook, cloudTrackStore, cloudTransport } from './wxCloud';

export type * from '../../../miniprogram/contract/getWaybillContract';

export const main = createMain({
  callerOpenid,
  cloudTransport,
  trackStoreOf: cloudTrackStore,
  orderBookOf: cloudOrderBook,
  env: process.env,
});
