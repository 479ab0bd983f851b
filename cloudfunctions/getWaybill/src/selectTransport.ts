// Which transport carries the calls, chosen by WAYBILL_TRANSPORT:
//   cloud (default)  the cloud call through wx-server-sdk; needs WeChat Cloud.
//   https            POST to WX_API_BASE_URL with a stable access_token from
//                    WX_APPID / WX_APPSECRET; for deployments outside WeChat Cloud.
// The HTTPS transport is built once per settings, so its token cache survives
// between the calls of a warm instance.
import { createHttpsTransport, DEFAULT_WX_API_BASE_URL } from './httpsTransport';
import { SetupFailure, type WeChatTransport } from './weChatApi';

let chosen: { key: string; cloud: WeChatTransport; transport: WeChatTransport | SetupFailure } | undefined;

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function choose(env: NodeJS.ProcessEnv, cloudTransport: WeChatTransport): WeChatTransport | SetupFailure {
  const transport = (env.WAYBILL_TRANSPORT ?? '').trim().toLowerCase();
  if (transport === '' || transport === 'cloud') return cloudTransport;
  // The value is never repeated back: a typo may be a secret pasted into the wrong variable.
  if (transport !== 'https') return new SetupFailure('unknownTransport', 'WAYBILL_TRANSPORT is neither cloud nor https');

  const appid = (env.WX_APPID ?? '').trim();
  const secret = (env.WX_APPSECRET ?? '').trim();
  const missing = [appid === '' ? 'WX_APPID' : '', secret === '' ? 'WX_APPSECRET' : ''].filter((name) => name !== '');
  if (missing.length > 0)
    return new SetupFailure('missingCredentials', `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`);

  const baseUrl = (env.WX_API_BASE_URL ?? '').trim() || DEFAULT_WX_API_BASE_URL;
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  // The secret travels in the stable_token body: plain HTTP only to this machine (the emulator, a test server).
  if (url === undefined || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))) {
    return new SetupFailure('badBaseUrl', 'WX_API_BASE_URL is not an https URL');
  }
  return createHttpsTransport({ baseUrl, appid, secret });
}

/** The transport the settings name, or the SetupFailure that says why none can work. */
export function selectTransport(env: NodeJS.ProcessEnv, cloudTransport: WeChatTransport): WeChatTransport | SetupFailure {
  const key = [env.WAYBILL_TRANSPORT, env.WX_APPID, env.WX_APPSECRET, env.WX_API_BASE_URL].join('\u0000');
  if (chosen === undefined || chosen.key !== key || chosen.cloud !== cloudTransport) {
    chosen = { key, cloud: cloudTransport, transport: choose(env, cloudTransport) };
  }
  return chosen.transport;
}
