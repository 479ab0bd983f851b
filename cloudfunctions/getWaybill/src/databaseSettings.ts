// The settings of what the functions keep in the cloud database: the stored
// tracks (WAYBILL_TRACK_*) and the merchant's orders checked for ownership
// (WAYBILL_ORDERS*). settings.ts reads them with the others, in its one cache.

export interface TrackStoreSettings {
  /** The cloud database collection holding one track per waybill. */
  collection: string;
  /** How long a stored track that is not final is served without calling getPath. */
  freshMs: number;
}

const DEFAULT_TRACK_COLLECTION = 'waybillTracks';
const DEFAULT_TRACK_FRESH_MINUTES = 10;
/** A day: past it a track is news no longer; 0 asks getPath on every look at a track that is not final. */
const MAX_TRACK_FRESH_MINUTES = 1440;
// The cloud database's collection names: a letter, then letters, digits, _ and - (at most 32 here).
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

export function readTrackStore(env: NodeJS.ProcessEnv, warnings: string[]): TrackStoreSettings {
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

/**
 * off: WAYBILL_ORDERS is unset (any user may ask about any order id: docs/contract.md says what that risks).
 * on: each non-admin's order is looked up in `collection`, by `orderIdField` and `ownerField`.
 * unreadable: a value is set but cannot be read, so no non-admin gets a waybill until it is fixed.
 */
export type OrderCheckSettings =
  | { kind: 'off' }
  | { kind: 'on'; collection: string; orderIdField: string; ownerField: string }
  | { kind: 'unreadable'; setting: OrderCheckVariable };

export type OrderCheckVariable = 'WAYBILL_ORDERS' | 'WAYBILL_ORDERS_OWNER';

const DEFAULT_ORDERS_OWNER_FIELD = '_openid';
// A field, or a path into nested fields with dots (meta.orderNo), as the cloud database matches it; at most 100 characters.
const FIELD_PATH = /^(?=.{1,100}$)[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function readOrderCheck(env: NodeJS.ProcessEnv, warnings: string[]): OrderCheckSettings {
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
