// Entry of the getWaybill cloud function: wires the WeChat runtime to the service.
import type { GetWaybillResult } from '../../../miniprogram/contract/getWaybillContract';
import { readConfig } from './config';
import { getWaybill } from './getWaybill';
import { callerOpenid, cloudOrderSource } from './wxCloud';

export type * from '../../../miniprogram/contract/getWaybillContract';

export function main(event: unknown): Promise<GetWaybillResult> {
  return getWaybill(event, { callerOpenid, orderSource: cloudOrderSource, config: readConfig(process.env) });
}
