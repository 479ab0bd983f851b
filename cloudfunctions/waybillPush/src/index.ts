// Entry of the waybillPush cloud function: the WeChat platform (getWaybill's
// wxCloud.ts, the one module that touches wx-server-sdk) wired into main.
import { callerSource, cloudTrackStore, cloudTransport } from '../../getWaybill/src/wxCloud';
import { createPushMain } from './createPushMain';

export const main = createPushMain({ callerSource, cloudTransport, trackStoreOf: cloudTrackStore, env: process.env });
