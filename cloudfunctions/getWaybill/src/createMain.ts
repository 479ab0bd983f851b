// The cloud function's main, built around the platform it runs on: the
// caller's identity and the cloud-call transport (wxCloud.ts in the cloud,
// fakes in tests). It reads the settings, runs the service and writes the
// call's one log line. main never rejects: whatever it is handed and whatever
// breaks, it resolves a GetWaybillResult.
import type { GetWaybillResult } from '../../../miniprogram/contract/getWaybillContract';
import { getWaybill, type ServiceOutcome } from './getWaybill';
import { createHttpsTransport } from './httpsTransport';
import { logCall, logToConsole, logWarning, type LogLine } from './logCall';
import { readSettings, type TransportSettings } from './settings';
import { SetupFailure, type WeChatTransport } from './transportPort';
import { INTERNAL_ERROR } from './waybillErrors';

export interface Platform {
  /** The caller's OPENID from the WeChat context; undefined when there is none. */
  callerOpenid(): string | undefined;
  cloudTransport: WeChatTransport;
  /** Read on every call: the cloud console can change variables without a redeploy. */
  env: NodeJS.ProcessEnv;
  log?: LogLine;
  random?: () => number;
}

export type GetWaybillMain = (event: unknown) => Promise<GetWaybillResult>;

export function createMain(platform: Platform): GetWaybillMain {
  const log = platform.log ?? logToConsole;
  // Built once per settings, so that the HTTPS transport's access_token survives between the calls of a warm instance.
  let https: { settings: TransportSettings; transport: WeChatTransport } | undefined;
  const transportFor = (settings: TransportSettings | SetupFailure): WeChatTransport | SetupFailure => {
    if (settings instanceof SetupFailure) return settings;
    if (settings.kind === 'cloud') return platform.cloudTransport;
    if (https?.settings !== settings) https = { settings, transport: createHttpsTransport(settings.credentials) };
    return https.transport;
  };

  async function run(event: unknown): Promise<ServiceOutcome> {
    const startedAt = Date.now();
    try {
      const settings = readSettings(platform.env, (warning) => logWarning(warning, log));
      const transport = transportFor(settings.transport);
      return await getWaybill(event, { callerOpenid: platform.callerOpenid(), transport, config: settings, random: platform.random });
    } catch (thrown) {
      // Only the wiring itself (the caller's context, the settings) can get here: the service catches its own.
      return {
        result: { ok: false, error: INTERNAL_ERROR },
        facts: { outcome: 'INTERNAL', attempts: 0, durationMs: Date.now() - startedAt, caller: 'anonymous' },
        internalError: { thrown },
      };
    }
  }

  return async (event) => {
    const outcome = await run(event);
    logCall(outcome.facts, log, outcome.internalError);
    return outcome.result;
  };
}
