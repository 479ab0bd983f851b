// Loads both functions the way the cloud runs them: the built
// cloudfunctions/getWaybill/index.js and the docs' example, each on the real
// wx-server-sdk, whose one network call answers at once from memory
// (scripts/emulator/wxServerSdkSeam). The caller is an admin, so our function
// does all its work: validation, policy, decoding the label, logging.
import path from 'node:path';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { installWxServerSdkSeam, setWxContextCaller } from '../emulator/wxServerSdkSeam';

export type CloudMain = (event: unknown, context?: unknown) => Promise<unknown>;

export const BUILT_FUNCTION = path.join(__dirname, '../../cloudfunctions/getWaybill/index.js');
export const DOCS_EXAMPLE_FUNCTION = path.join(__dirname, 'docsExampleFunction.js');
const BENCH_ADMIN = 'oBenchAdmin_0000000000000001';

export interface FunctionsUnderTest {
  ours: (event: unknown) => Promise<GetWaybillResult>;
  docsExample: CloudMain;
  /** What the fake WeChat answers from now on (the body is re-encoded on every call, as the network would deliver it). */
  answerWith(body: Record<string, unknown>): void;
}

export function loadFunctionsUnderTest(): FunctionsUnderTest {
  let body: Record<string, unknown> = { errcode: 0, errmsg: 'ok' };
  installWxServerSdkSeam(() => ({ body }));
  process.env.WAYBILL_ADMIN_OPENIDS = BENCH_ADMIN;
  setWxContextCaller(BENCH_ADMIN);
  const ours = (require(BUILT_FUNCTION) as { main: (event: unknown) => Promise<GetWaybillResult> }).main;
  const docsExample = (require(DOCS_EXAMPLE_FUNCTION) as { main: CloudMain }).main;
  return {
    ours,
    docsExample,
    answerWith(next) {
      body = next;
    },
  };
}

/**
 * One invocation as the cloud runtime performs it: run main, then serialise its
 * result to send it back. The serialisation is counted on both sides because
 * the runtime does it inside the billed invocation, and the two functions
 * return different things (the docs' example passes WeChat's BASE64 through).
 */
export async function invoke(main: CloudMain, event: unknown): Promise<string> {
  return JSON.stringify(await main(event));
}

export interface CallCost {
  /** process.cpuUsage user + system, microseconds. */
  cpuUs: number;
  wallUs: number;
}

export async function measureCall(call: () => Promise<unknown>): Promise<CallCost> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await call();
  const cpu = process.cpuUsage(cpuStart);
  const wallUs = Number(process.hrtime.bigint() - wallStart) / 1000;
  return { cpuUs: cpu.user + cpu.system, wallUs };
}
