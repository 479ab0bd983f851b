// The cloud function's main, built around the platform it runs on: the
// caller's identity, the cloud-call transport and the stored tracks' database
// (wxCloud.ts in the cloud, fakes in tests). It reads the settings, runs the service and writes the
// call's one log line. main never rejects: whatever it is handed and whatever
// breaks, it resolves a GetWaybillResult.
import type { GetWaybillResult } from '../../../miniprogram/contract/getWaybillContract';
import { getWaybill, type GetWaybillDeps, type ServedCall } from './getWaybill';
import { transportChooser } from './chooseTransport';
import { logCall, logToConsole, logWarning, type LogLine } from './logCall';
import type { OrderBookOf } from './orderOwnership';
import { PathFlights } from './pathFlights';
import { readSettings, type Settings } from './settings';
import type { TrackStoreOf } from './trackStore';
import type { WeChatTransport } from './transportPort';
import { INTERNAL_ERROR } from './waybillErrors';

export interface Platform {
  /** The caller's OPENID from the WeChat context; undefined when there is none. */
  callerOpenid(): string | undefined;
  cloudTransport: WeChatTransport;
  /** The cloud database's stored tracks; without it every track comes from getPath. */
  trackStoreOf?: TrackStoreOf;
  /** The merchant's orders in the cloud database, for WAYBILL_ORDERS; without it the check fails closed. */
  orderBookOf?: OrderBookOf;
  /** Read on every call: the cloud console can change variables without a redeploy. */
  env: NodeJS.ProcessEnv;
  log?: LogLine;
  random?: () => number;
}

export type GetWaybillMain = (event: unknown) => Promise<GetWaybillResult>;

export function createMain(platform: Platform): GetWaybillMain {
  const log = platform.log ?? logToConsole;
  const transportFor = transportChooser(platform.cloudTransport);
  // One per instance: its concurrent calls share getPath calls in flight.
  const pathFlights = new PathFlights();
  const warn = (warning: string): void => logWarning(warning, log);

  // What the settings wire in, built again only when they are read again (readSettings hands back the
  // same object until a variable changes), not on every call: most calls use neither store.
  let wired: { settings: Settings; deps: GetWaybillDeps } | undefined;
  function wiringFor(settings: Settings): GetWaybillDeps {
    if (wired?.settings !== settings) {
      const deps = {
        transport: transportFor(settings.transport),
        config: settings,
        trackStore: platform.trackStoreOf?.(settings.trackStore.collection),
        pathFlights,
        orderBook: settings.orders.kind === 'on' ? platform.orderBookOf?.(settings.orders) : undefined,
        random: platform.random,
      };
      wired = { settings, deps };
    }
    return wired.deps;
  }

  // One async function per call, not a second one around it: every promise pays the async hooks
  // wxCloud.ts's AsyncLocalStorage turns on.
  return async (event) => {
    const startedAt = Date.now();
    let served: ServedCall;
    try {
      served = await getWaybill(event, wiringFor(readSettings(platform.env, warn)), platform.callerOpenid());
    } catch (thrown) {
      // Only the wiring itself (the caller's context, the settings) can get here: the service catches its own.
      served = {
        result: { ok: false, error: INTERNAL_ERROR },
        caller: 'anonymous',
        attempts: 0,
        durationMs: Date.now() - startedAt,
        internalError: { thrown },
      };
    }
    logCall(served, log);
    return served.result;
  };
}
