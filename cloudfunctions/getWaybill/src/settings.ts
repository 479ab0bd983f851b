// The function's settings, from its environment variables (cloud console:
// 云函数 -> 版本与配置 -> 环境变量): the admins, the deadline and each attempt's
// timeout, and the transport that carries the calls, with its credentials, or
// why none can work. They are read again only when a variable changes, so a
// warm call pays for a comparison, and a warning about a bad value is logged
// once per cold start, not once per call.
import { OPENID } from '../../../miniprogram/contract/requestRules';
import type { HttpsCredentials } from './httpsTransport';
import { readOrderCheck, readTrackStore, type OrderCheckSettings, type TrackStoreSettings } from './databaseSettings';
import { SetupFailure } from './transportPort';

/** What the service needs for a call. */
export interface WaybillSettings {
  /** OPENIDs that may read labels and query any user's orders. */
  adminOpenids: ReadonlySet<string>;
  /** Time budget for one call, retries included; ends inside the function's timeout (3 s by default). */
  deadlineMs: number;
  /** The longest one attempt may take before it is abandoned and retried. */
  attemptTimeoutMs: number;
  /** Where tracks are kept, and how long a stored one is served without asking getPath. */
  trackStore: TrackStoreSettings;
  /** The merchant's own orders, checked for the caller's ownership (WAYBILL_ORDERS); off when unset. */
  orders: OrderCheckSettings;
}

/** WAYBILL_TRANSPORT: the cloud call (the default), or HTTPS with the mini program's AppID and AppSecret. */
export type TransportSettings = { kind: 'cloud' } | { kind: 'https'; credentials: HttpsCredentials };

export interface Settings extends WaybillSettings {
  /** The transport the variables name, or why none can work as deployed. */
  transport: TransportSettings | SetupFailure;
}

export const DEFAULT_DEADLINE_MS = 2500;
export const MIN_DEADLINE_MS = 200;
/**
 * A call must end inside the function's timeout, 3 s by default, with room for
 * a cold start and the log line (the page waits 10 s). Raising the timeout
 * (docs/deploy.md) gives a slow cold start more room, not a call more retries.
 */
export const MAX_DEADLINE_MS = 2700;

const DEFAULT_WX_API_BASE_URL = 'https://api.weixin.qq.com';

/** Every variable the settings are read from: a change in any of them reads them again. */
const VARIABLES = [
  'WAYBILL_ADMIN_OPENIDS',
  'WAYBILL_DEADLINE_MS',
  'WAYBILL_TRANSPORT',
  'WX_APPID',
  'WX_APPSECRET',
  'WX_API_BASE_URL',
  'WAYBILL_TRACK_COLLECTION',
  'WAYBILL_TRACK_FRESH_MINUTES',
  'WAYBILL_ORDERS',
  'WAYBILL_ORDERS_OWNER',
] as const;

/**
 * A hung attempt is abandoned after 45% of the deadline (1125 ms of the default
 * 2500), but never before 1 s: two attempts fit, and a slow but healthy answer
 * (WeChat's openapi usually answers in a few hundred ms) still gets through.
 */
export function attemptTimeoutFor(deadlineMs: number): number {
  return Math.max(1000, Math.round(deadlineMs * 0.45));
}

// Commas (also the full-width ，), semicolons and any whitespace, line breaks included.
const ADMIN_SEPARATORS = /[\s,，;]+/;

function readAdmins(env: NodeJS.ProcessEnv, warnings: string[]): ReadonlySet<string> {
  const entries = (env.WAYBILL_ADMIN_OPENIDS ?? '').split(ADMIN_SEPARATORS).filter((entry) => entry !== '');
  const admins = entries.filter((entry) => OPENID.test(entry));
  if (admins.length < entries.length) {
    warnings.push(
      `WAYBILL_ADMIN_OPENIDS: ${entries.length - admins.length} of ${entries.length} entries are not OPENIDs and were ignored. Separate OPENIDs with commas, semicolons or spaces.`,
    );
  }
  return new Set(admins);
}

function readDeadline(env: NodeJS.ProcessEnv, warnings: string[]): number {
  const raw = (env.WAYBILL_DEADLINE_MS ?? '').trim();
  if (raw === '') return DEFAULT_DEADLINE_MS;
  const ms = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (ms >= MIN_DEADLINE_MS && ms <= MAX_DEADLINE_MS) return ms;
  warnings.push(
    `WAYBILL_DEADLINE_MS must be a whole number of milliseconds from ${MIN_DEADLINE_MS} to ${MAX_DEADLINE_MS}; using ${DEFAULT_DEADLINE_MS}.`,
  );
  return DEFAULT_DEADLINE_MS;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function readTransport(env: NodeJS.ProcessEnv): TransportSettings | SetupFailure {
  const transport = (env.WAYBILL_TRANSPORT ?? '').trim().toLowerCase();
  if (transport === '' || transport === 'cloud') return { kind: 'cloud' };
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
  return { kind: 'https', credentials: { baseUrl, appid, secret } };
}

export interface SettingsReading {
  settings: Settings;
  /** Developer-facing; each names the variable, never its value. */
  warnings: string[];
}

export function parseSettings(env: NodeJS.ProcessEnv): SettingsReading {
  const warnings: string[] = [];
  const adminOpenids = readAdmins(env, warnings);
  const deadlineMs = readDeadline(env, warnings);
  return {
    settings: {
      adminOpenids,
      deadlineMs,
      attemptTimeoutMs: attemptTimeoutFor(deadlineMs),
      trackStore: readTrackStore(env, warnings),
      orders: readOrderCheck(env, warnings),
      transport: readTransport(env),
    },
    warnings,
  };
}

let cached: { values: ReadonlyArray<string | undefined>; settings: Settings } | undefined;

/** Whether every variable still has the value it had at the last reading: a warm call reads them, nothing more. */
function unchanged(env: NodeJS.ProcessEnv, values: ReadonlyArray<string | undefined>): boolean {
  for (let i = 0; i < VARIABLES.length; i++) if (env[VARIABLES[i]] !== values[i]) return false;
  return true;
}

/** The settings, read again only when a variable changed (the same object until then); `warn` hears each warning of a new reading. */
export function readSettings(env: NodeJS.ProcessEnv, warn: (warning: string) => void): Settings {
  if (cached === undefined || !unchanged(env, cached.values)) {
    const values = VARIABLES.map((name) => env[name]);
    const reading = parseSettings(env);
    reading.warnings.forEach(warn);
    cached = { values, settings: reading.settings };
  }
  return cached.settings;
}
