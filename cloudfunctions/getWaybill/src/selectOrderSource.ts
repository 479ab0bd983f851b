// Which transport carries getOrder, chosen by WAYBILL_TRANSPORT:
//   cloud (default)  the cloud call through wx-server-sdk; needs WeChat Cloud.
//   https            POST to WX_API_BASE_URL with a stable access_token from
//                    WX_APPID / WX_APPSECRET; for deployments outside WeChat Cloud.
// Read on every call (cheap); the HTTPS source is built once per credentials so
// its token cache survives between calls of a warm instance.
import type { WaybillError } from '../../../miniprogram/contract/getWaybillContract';
import { createHttpsOrderSource, DEFAULT_WX_API_BASE_URL } from './httpsOrderSource';
import type { OrderSource } from './orderSource';

export type TransportChoice = { ok: true; orderSource: OrderSource } | { ok: false; error: WaybillError };

let httpsSource: { key: string; orderSource: OrderSource } | undefined;

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
  let protocol: string;
  try {
    protocol = new URL(baseUrl).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'https:' && protocol !== 'http:')
    return notConfigured('WX_API_BASE_URL must be an http(s) URL such as https://api.weixin.qq.com.');

  const key = JSON.stringify([baseUrl, appid, secret]);
  if (httpsSource === undefined || httpsSource.key !== key)
    httpsSource = { key, orderSource: createHttpsOrderSource({ baseUrl, appid, secret }) };
  return { ok: true, orderSource: httpsSource.orderSource };
}
