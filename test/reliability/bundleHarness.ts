// The built cloudfunctions/getWaybill/index.js with the real wx-server-sdk;
// only the SDK's network call is replaced (scripts/emulator/wxServerSdkSeam).
import path from 'node:path';
import { installWxServerSdkSeam, setWxContextCaller, type SeamAnswer, type SeamCall } from '../../scripts/emulator/wxServerSdkSeam';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';

const BUILT_FUNCTION = path.join(__dirname, '../../cloudfunctions/getWaybill/index.js');

type Main = (event: unknown, context?: unknown) => Promise<GetWaybillResult>;

export interface Bundle {
  /** Calls main() and runs the fake clock until it resolves (the SDK waits on setTimeout(0) in every call). */
  call(event: unknown): Promise<GetWaybillResult>;
  /** Every call the SDK made to the network, with the snake_case params it sent. */
  calls: SeamCall[];
  /** Date.now() when each call reached the network. */
  callTimes: number[];
  /** What the fake WeChat answers; the argument counts calls from 1. */
  answer: (call: SeamCall, n: number) => SeamAnswer | Promise<SeamAnswer>;
  /** Sets the caller (WX_OPENID) and WAYBILL_ADMIN_OPENIDS for the next calls. */
  as(caller: string | undefined, adminList: string): void;
  reset(): void;
}

/** Installs the seam for this file and loads the bundle once (module scope runs cloud.init). */
export function useBuiltBundle(): Bundle {
  let main: Main;
  let restore: () => void;
  const bundle: Bundle = {
    calls: [],
    callTimes: [],
    answer: () => {
      throw new Error('the test gave no answer');
    },
    as(caller, adminList) {
      setWxContextCaller(caller);
      process.env.WAYBILL_ADMIN_OPENIDS = adminList;
    },
    reset() {
      bundle.calls.length = 0;
      bundle.callTimes.length = 0;
    },
    async call(event) {
      const pending = main(event, {});
      await jest.runAllTimersAsync();
      return pending;
    },
  };
  // Fake timers throughout: retries and the deadline run on virtual time.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  beforeAll(() => {
    restore = installWxServerSdkSeam((call) => {
      bundle.calls.push(call);
      bundle.callTimes.push(Date.now());
      return bundle.answer(call, bundle.calls.length);
    });
    main = (require(BUILT_FUNCTION) as { main: Main }).main;
  });
  afterAll(() => restore());
  return bundle;
}
