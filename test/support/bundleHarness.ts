// Way 2 of running the function, the way WeChat Cloud runs it: the built
// index.js (wx-server-sdk inlined), with the environment the cloud gives a
// function pointing the SDK at the emulator's service endpoint on 127.0.0.1.
// Only the network is replaced: the SDK signs, posts, and decodes answers for
// real. With `transport: 'https'` the same bundle goes over the emulator's
// WeChat API instead, so one table can run through both transports.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { createLogisticsEmulator, type EmulatorAnswer } from '../../emulator/logisticsEmulator';
import { applyEnv } from '../../emulator/cloudCallCodec';
import { startEmulatorServer, type EmulatorServer, type ReceivedCall, type Transport } from '../../emulator/emulatorServer';
import { BUILT_FUNCTION } from './builtFunction';
import { ADMIN } from './people';

export type { ReceivedCall, Transport };

type AnswerFor = (call: ReceivedCall, n: number) => EmulatorAnswer | Promise<EmulatorAnswer>;

export interface BuiltCallOptions {
  transport?: Transport;
  /** The caller's OPENID (default ADMIN); undefined: no caller. */
  caller?: string | undefined;
  /** WAYBILL_ADMIN_OPENIDS (default ADMIN). */
  admins?: string;
  /** More of the function's environment, e.g. WAYBILL_DEADLINE_MS. */
  env?: Record<string, string>;
}

export interface BuiltFunction {
  call(event: unknown, options?: BuiltCallOptions): Promise<GetWaybillResult>;
  /** Several calls at once, as concurrent invocations of one warm instance (the environment is the process's: one set for all). */
  callAll(events: readonly unknown[], options?: BuiltCallOptions): Promise<GetWaybillResult[]>;
  /** The logistics calls that reached the emulator since the last reset() (which also empties the stored tracks). */
  calls(): ReceivedCall[];
  /** What the emulator answers, per call (n counts this API's calls since the last reset(), from 1); the sandbox by default. */
  answer: AnswerFor;
  reset(): void;
  server(): EmulatorServer;
}

/** The environment of a call with these options: the cloud's, pointed at `server`; undefined removes a variable. */
export function functionEnv(server: EmulatorServer, options: BuiltCallOptions = {}): Record<string, string | undefined> {
  const https = options.transport === 'https';
  return {
    ...server.cloudEnv({ openid: 'caller' in options ? options.caller : ADMIN }),
    WAYBILL_ADMIN_OPENIDS: options.admins ?? ADMIN,
    WAYBILL_DEADLINE_MS: undefined,
    WAYBILL_TRANSPORT: https ? 'https' : undefined,
    WX_API_BASE_URL: https ? server.baseUrl : undefined,
    WX_APPSECRET: https ? server.secret : undefined,
    ...options.env,
  };
}

/** Starts the emulator for this test file and loads the bundle once (its module scope runs cloud.init, as a cold start does). */
export function useBuiltFunction(): BuiltFunction {
  let server: EmulatorServer;
  let main: (event: unknown) => Promise<GetWaybillResult>;
  let seenBefore = 0;
  const sandbox = createLogisticsEmulator();
  const counts = { getOrder: 0, getPath: 0 };
  let restoreRuntime: () => void = () => undefined;

  const fn: BuiltFunction = {
    answer: (call) => sandbox.answer(call.api, call.params),
    calls: () => server.calls.slice(seenBefore),
    reset() {
      // Each test starts with no stored track, so that its getPath answer is what the call shows.
      server.database.store.setCollection('waybillTracks', []);
      seenBefore = server.calls.length;
      counts.getOrder = 0;
      counts.getPath = 0;
    },
    server: () => server,
    async call(event, options = {}) {
      return (await fn.callAll([event], options))[0];
    },
    async callAll(events, options = {}) {
      const restore = applyEnv(functionEnv(server, options));
      try {
        return await Promise.all(events.map((event) => main(event)));
      } finally {
        restore();
      }
    },
  };

  beforeAll(async () => {
    server = await startEmulatorServer({
      answer: (call) => {
        counts[call.api] += 1;
        return fn.answer(call, counts[call.api]);
      },
    });
    // TENCENTCLOUD_RUNENV must be set before cloud.init, which runs when the bundle loads.
    restoreRuntime = applyEnv(server.cloudEnv({ openid: undefined }));
    main = (require(BUILT_FUNCTION) as { main: typeof main }).main;
  });
  afterAll(async () => {
    restoreRuntime();
    await server.close();
  });
  return fn;
}
