// Settings read from the cloud function's environment variables (cloud console:
// 云函数 -> 版本与配置 -> 环境变量). They are parsed once and again only when
// a value changes, so a warm call pays for a comparison, and a warning about a
// bad value is logged once per cold start, not once per call.

export interface WaybillConfig {
  /** OPENIDs that may read labels and query any user's orders. */
  adminOpenids: ReadonlySet<string>;
  /** Time budget for one call, retries included; kept under the 3 s default cloud timeout. */
  deadlineMs: number;
  /** The longest one attempt may take before it is abandoned and retried. */
  attemptTimeoutMs: number;
  /** Where tracks are kept, and how long a stored one is served without asking getPath. */
  trackStore: TrackStoreSettings;
  /** The merchant's own orders, checked for the caller's ownership (WAYBILL_ORDERS); off when unset. */
  orders: OrderCheckSettings;
}

export const DEFAULT_DEADLINE_MS = 2500;
export const MIN_DEADLINE_MS = 200;
/** Longer is pointless: the cloud console's own timeout tops out at 60 s and callers give up long before. */
export const MAX_DEADLINE_MS = 20_000;

/**
 * A hung attempt is abandoned after 45% of the deadline (1125 ms of the default
 * 2500), but never before 1 s: two attempts fit, and a slow but healthy answer
 * (WeChat's openapi usually answers in a few hundred ms) still gets through.
 */
export function attemptTimeoutFor(deadlineMs: number): number {
  return Math.max(1000, Math.round(deadlineMs * 0.45));
}

// OPENIDs are 28 characters of [A-Za-z0-9_-]; the request rules allow 1..128 of them.
const OPENID_SHAPED = /^[A-Za-z0-9_-]{1,128}$/;
// Commas (also the full-width ，), semicolons and any whitespace, line breaks included.
const ADMIN_SEPARATORS = /[\s,，;]+/;

export interface ConfigReading {
  config: WaybillConfig;
  /** Developer-facing; each names the variable, never its value. */
  warnings: string[];
}

export function parseConfig(env: NodeJS.ProcessEnv): ConfigReading {
  const warnings: string[] = [];
  const entries = (env.WAYBILL_ADMIN_OPENIDS ?? '').split(ADMIN_SEPARATORS).filter((entry) => entry !== '');
  const admins = entries.filter((entry) => OPENID_SHAPED.test(entry));
  if (admins.length < entries.length) {
    warnings.push(
      `WAYBILL_ADMIN_OPENIDS: ${entries.length - admins.length} of ${entries.length} entries are not OPENIDs and were ignored. Separate OPENIDs with commas, semicolons or spaces.`,
    );
  }
  const rawDeadline = (env.WAYBILL_DEADLINE_MS ?? '').trim();
  let deadlineMs = DEFAULT_DEADLINE_MS;
  if (rawDeadline !== '') {
    const ms = /^\d{1,6}$/.test(rawDeadline) ? Number(rawDeadline) : Number.NaN;
    if (ms >= MIN_DEADLINE_MS && ms <= MAX_DEADLINE_MS) deadlineMs = ms;
    else {
      warnings.push(
        `WAYBILL_DEADLINE_MS must be a whole number of milliseconds from ${MIN_DEADLINE_MS} to ${MAX_DEADLINE_MS}; using ${DEFAULT_DEADLINE_MS}.`,
      );
    }
  }
  const trackStore = parseTrackStoreSettings(env, warnings);
  const orders = parseOrderCheckSettings(env, warnings);
  return {
    config: { adminOpenids: new Set(admins), deadlineMs, attemptTimeoutMs: attemptTimeoutFor(deadlineMs), trackStore, orders },
    warnings,
  };
}

let parsed: { key: string; config: WaybillConfig } | undefined;

/** The settings, parsed again only when a variable changed; `warn` hears each warning of a new parse. */
export function readConfig(env: NodeJS.ProcessEnv, warn: (warning: string) => void): WaybillConfig {
  const key = [
    env.WAYBILL_ADMIN_OPENIDS,
    env.WAYBILL_DEADLINE_MS,
    ...TRACK_STORE_VARIABLES.map((name) => env[name]),
    ...ORDER_CHECK_VARIABLES.map((name) => env[name]),
  ].join('\u0000');
  if (parsed === undefined || parsed.key !== key) {
    const reading = parseConfig(env);
    reading.warnings.forEach(warn);
    parsed = { key, config: reading.config };
  }
  return parsed.config;
}

// ---- The stored track (issue 19): kept in this one block so the settings can move as a whole. ----

export interface TrackStoreSettings {
  /** The cloud database collection holding one track per waybill. */
  collection: string;
  /** How long a stored track that is not final is served without calling getPath. */
  freshMs: number;
}

export const DEFAULT_TRACK_COLLECTION = 'waybillTracks';
export const DEFAULT_TRACK_FRESH_MINUTES = 10;
/** A day: past it a track is news no longer; 0 asks getPath on every look at a track that is not final. */
export const MAX_TRACK_FRESH_MINUTES = 1440;
const TRACK_STORE_VARIABLES = ['WAYBILL_TRACK_COLLECTION', 'WAYBILL_TRACK_FRESH_MINUTES'] as const;
// The cloud database's collection names: a letter, then letters, digits, _ and - (at most 32 here).
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

function parseTrackStoreSettings(env: NodeJS.ProcessEnv, warnings: string[]): TrackStoreSettings {
  let collection = (env.WAYBILL_TRACK_COLLECTION ?? '').trim();
  if (collection !== '' && !COLLECTION_NAME.test(collection)) {
    warnings.push(
      `WAYBILL_TRACK_COLLECTION must be a letter followed by at most 31 letters, digits, _ or -; using ${DEFAULT_TRACK_COLLECTION}.`,
    );
    collection = '';
  }
  const rawMinutes = (env.WAYBILL_TRACK_FRESH_MINUTES ?? '').trim();
  let minutes = DEFAULT_TRACK_FRESH_MINUTES;
  if (rawMinutes !== '') {
    const value = /^\d{1,4}$/.test(rawMinutes) ? Number(rawMinutes) : Number.NaN;
    if (value <= MAX_TRACK_FRESH_MINUTES) minutes = value;
    else {
      warnings.push(
        `WAYBILL_TRACK_FRESH_MINUTES must be a whole number of minutes from 0 to ${MAX_TRACK_FRESH_MINUTES}; using ${DEFAULT_TRACK_FRESH_MINUTES}.`,
      );
    }
  }
  return { collection: collection === '' ? DEFAULT_TRACK_COLLECTION : collection, freshMs: minutes * 60_000 };
}

// ---- The order check (issue 20): kept in this one block so the settings can move as a whole. ----

/**
 * off: WAYBILL_ORDERS is unset (any user may ask about any order id: docs/contract.md says what that risks).
 * on: each non-admin's order is looked up in `collection`, by `orderIdField` and `ownerField`.
 * unreadable: a value is set but cannot be read, so no non-admin gets a waybill until it is fixed.
 */
export type OrderCheckSettings =
  | { kind: 'off' }
  | { kind: 'on'; collection: string; orderIdField: string; ownerField: string }
  | { kind: 'unreadable'; setting: OrderCheckVariable };

export type OrderCheckVariable = (typeof ORDER_CHECK_VARIABLES)[number];

export const DEFAULT_ORDERS_OWNER_FIELD = '_openid';
const ORDER_CHECK_VARIABLES = ['WAYBILL_ORDERS', 'WAYBILL_ORDERS_OWNER'] as const;
// A field, or a path into nested fields with dots (meta.orderNo), as the cloud database matches it; at most 100 characters.
const FIELD_PATH = /^(?=.{1,100}$)[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function parseOrderCheckSettings(env: NodeJS.ProcessEnv, warnings: string[]): OrderCheckSettings {
  const orders = (env.WAYBILL_ORDERS ?? '').trim();
  const owner = (env.WAYBILL_ORDERS_OWNER ?? '').trim();
  // The values are never repeated back: a typo may be a secret pasted into the wrong variable.
  const unreadable = (setting: OrderCheckVariable, why: string): OrderCheckSettings => {
    warnings.push(`${setting} ${why}; until it is fixed only admins get waybills.`);
    return { kind: 'unreadable', setting };
  };
  if (orders === '') {
    // The owner alone says a check was meant: failing closed is safer than quietly checking nothing.
    return owner === '' ? { kind: 'off' } : unreadable('WAYBILL_ORDERS', 'is not set but WAYBILL_ORDERS_OWNER is');
  }
  const dot = orders.indexOf('.');
  const collection = dot < 0 ? '' : orders.slice(0, dot);
  const orderIdField = dot < 0 ? '' : orders.slice(dot + 1);
  if (!COLLECTION_NAME.test(collection) || !FIELD_PATH.test(orderIdField)) {
    return unreadable('WAYBILL_ORDERS', 'must be <collection>.<order id field>, such as orders.orderNo');
  }
  const ownerField = owner === '' ? DEFAULT_ORDERS_OWNER_FIELD : owner;
  if (!FIELD_PATH.test(ownerField))
    return unreadable('WAYBILL_ORDERS_OWNER', "must name the field holding the buyer's OPENID, such as _openid");
  if (ownerField === orderIdField) return unreadable('WAYBILL_ORDERS_OWNER', 'names the same field as the order id in WAYBILL_ORDERS');
  return { kind: 'on', collection, orderIdField, ownerField };
}
