// Which transport carries getOrder, chosen by WAYBILL_TRANSPORT:
//   cloud (default)  the cloud call through wx-server-sdk; needs WeChat Cloud.
//   https            POST to WX_API_BASE_URL with a stable access_token from
//                    WX_APPID / WX_APPSECRET; for deployments outside WeChat Cloud.
// Read on every call (cheap); the HTTPS source is built once per credentials so
// its token cache survives between calls of a warm instance.
import type { WaybillError } from '../../../miniprogram/contract/getWaybillContract';
import { createHttpsOrderSource, DEFAULT_WX_API_BASE_URL } from './httpsOrderSource';
import { SetupFailure, type OrderSource } from './orderSource';

export type TransportChoice = { ok: true; orderSource: OrderSource } | { ok: false; error: WaybillError };

let httpsSource: { key: string; orderSource: OrderSource } | undefined;

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function notConfigured(message: string): TransportChoice {
  return { ok: false, error: { code: 'NOT_CONFIGURED', retryable: false, message } };
}

export function selectOrderSource(env: NodeJS.ProcessEnv, cloudOrderSource: OrderSource): TransportChoice {
  const transport = (env.WAYBILL_TRANSPORT ?? '').trim().toLowerCase();
  if (transport === '' || transport === 'cloud') return { ok: true, orderSource: cloudOrderSource };
  if (transport !== 'https')
    return notConfigured(`WAYBILL_TRANSPORT must be "cloud" (the default) or "https", not "${transport.slice(0, 20)}".`);

  const appid = (env.WX_APPID ?? '').trim();
  const secret = (env.WX_APPSECRET ?? '').trim();
  if (appid === '' || secret === '') {
    return notConfigured(
      "WAYBILL_TRANSPORT=https needs the mini program's WX_APPID and WX_APPSECRET environment variables (mp.weixin.qq.com -> 开发管理 -> 开发设置).",
    );
  }
  const baseUrl = (env.WX_API_BASE_URL ?? '').trim() || DEFAULT_WX_API_BASE_URL;
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  // The secret travels in the stable_token body: plain HTTP only to this machine (the emulator, a test server).
  if (url === undefined || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))) {
    return notConfigured(
      'WX_API_BASE_URL must be an https URL such as https://api.weixin.qq.com (plain http only to 127.0.0.1 or localhost).',
    );
  }

  const key = JSON.stringify([baseUrl, appid, secret]);
  if (httpsSource === undefined || httpsSource.key !== key)
    httpsSource = { key, orderSource: createHttpsOrderSource({ baseUrl, appid, secret }) };
  return { ok: true, orderSource: httpsSource.orderSource };
}

/** The chosen transport, or one that refuses every call with the setup error, so the service reports it like any other. */
export function orderSourceFor(env: NodeJS.ProcessEnv, cloudOrderSource: OrderSource): OrderSource {
  const choice = selectOrderSource(env, cloudOrderSource);
  if (choice.ok) return choice.orderSource;
  const failure = new SetupFailure(choice.error);
  return () => Promise.reject(failure);
}
