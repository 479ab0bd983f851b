// Entry of the getWaybill cloud function: wires the WeChat runtime to the service.
import type { GetWaybillResult } from '../../../miniprogram/contract/getWaybillContract';
import { readConfig } from './config';
import { getWaybill } from './getWaybill';
import { orderSourceFor } from './selectOrderSource';
import { callerOpenid, cloudOrderSource } from './wxCloud';

export type * from '../../../miniprogram/contract/getWaybillContract';

// Settings are read on every call: the cloud console can change them without a redeploy.
export async function main(event: unknown): Promise<GetWaybillResult> {
  return getWaybill(event, { callerOpenid, orderSource: orderSourceFor(process.env, cloudOrderSource), config: readConfig(process.env) });
}
