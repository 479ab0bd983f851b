// Entry of the getWaybill cloud function: wires the WeChat runtime to the service.
import type { GetWaybillResult } from '../../../miniprogram/contract/getWaybillContract';
import { roleOf } from './accessPolicy';
import { readConfig } from './config';
import { getWaybill } from './getWaybill';
import { logCall, logToConsole } from './logCall';
import { selectOrderSource } from './selectOrderSource';
import { callerOpenid, cloudOrderSource } from './wxCloud';

export type * from '../../../miniprogram/contract/getWaybillContract';

export function main(event: unknown): Promise<GetWaybillResult> {
  const config = readConfig(process.env);
  const transport = selectOrderSource(process.env, cloudOrderSource);
  if (!transport.ok) {
    // A deployment mistake, reported before anything else: no call could succeed until it is fixed.
    logCall(
      { outcome: transport.error.code, attempts: 0, durationMs: 0, caller: roleOf(callerOpenid(), config.adminOpenids) },
      logToConsole,
    );
    return Promise.resolve({ ok: false, error: transport.error });
  }
  return getWaybill(event, { callerOpenid, orderSource: transport.orderSource, config });
}
