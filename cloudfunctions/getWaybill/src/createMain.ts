// The cloud function's main, built around the platform it runs on: the
// caller's identity, the cloud-call transport and the stored tracks' database
// (wxCloud.ts in the cloud, fakes in tests). It reads the settings, runs the service and writes the
// call's one log line. main never rejects: whatever it is handed and whatever
// breaks, it resolves a GetWaybillResult.
import type { GetWaybillResult } from '../../../miniprogram/contract/getWaybillContract';
import { readConfig } from './config';
import { getWaybill, type ServedCall } from './getWaybill';
import { logCall, logToConsole, logWarning, type LogLine } from './logCall';
import type { OrderBookOf } from './orderOwnership';
import { PathFlights } from './pathFlights';
import { selectTransport } from './selectTransport';
import type { TrackStoreOf } from './trackStore';
import { INTERNAL_ERROR } from './waybillErrors';
import type { WeChatTransport } from './weChatApi';

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

export type Main = (event: unknown) => Promise<GetWaybillResult>;

export function createMain(platform: Platform): Main {
  const log = platform.log ?? logToConsole;
  // One per instance: its concurrent calls share getPath calls in flight.
  const pathFlights = new PathFlights();

  async function run(event: unknown): Promise<ServedCall> {
    const startedAt = Date.now();
    try {
      const config = readConfig(platform.env, (warning) => logWarning(warning, log));
      const transport = selectTransport(platform.env, platform.cloudTransport);
      const trackStore = platform.trackStoreOf?.(config.trackStore.collection);
      const orderBook = config.orders.kind === 'on' ? platform.orderBookOf?.(config.orders) : undefined;
      return await getWaybill(event, {
        callerOpenid: platform.callerOpenid(),
        transport,
        config,
        trackStore,
        pathFlights,
        orderBook,
        random: platform.random,
      });
    } catch (thrown) {
      // Only the wiring itself (the caller's context, the settings) can get here: the service catches its own.
      return {
        result: { ok: false, error: INTERNAL_ERROR },
        caller: 'anonymous',
        attempts: 0,
        durationMs: Date.now() - startedAt,
        internalError: { thrown },
      };
    }
  }

  return async (event) => {
    const served = await run(event);
    logCall(served, log);
    return served.result;
  };
}
