// The stored track: one cloud database document per waybill, written by
// waybillPush (WeChat's add_express_path push) and by getWaybill (a getPath
// answer), read by getWaybill and by the merchant's own functions. Its field
// names are a data contract (docs/contract.md). Which news wins is decided here,
// as a pure function, so it is the same for both writers and testable alone.
import type { Track, TrackEvent, TrackStage } from '../../../miniprogram/contract/getWaybillContract';
import { TRACK_STAGES } from './toTrack';

type TrackSource = 'push' | 'getPath';

/** The document's fields, except `_id` and the server-set `confirmedAt`. */
export interface TrackNews {
  deliveryId: string;
  waybillId: string;
  orderId: string;
  /** The push's Version; absent for news read from getPath alone. */
  version?: number;
  source: TrackSource;
  stage: TrackStage | null;
  /** Newest first, at most the 100 newest, always as getPath answered them. */
  events: TrackEvent[];
  totalEvents: number;
  /**
   * The OPENIDs WeChat's getPath answered this track for (the push's user, the
   * users who looked): getPath refuses another user's (40003), so the stored
   * track is served to these alone (and to admins). At most MAX_READERS, the
   * most recently added last (a reader already there is not moved: no write per look).
   */
  readers: string[];
}

/** The document as read back: `confirmedAt` is the database's time of the write, in epoch milliseconds. */
export interface StoredTrack extends TrackNews {
  confirmedAt: number;
}

/**
 * `_id` from the carrier and the waybill id. A carrier code never holds `-`
 * ([A-Za-z0-9_]), so the first `-` always splits the two: no two waybills share an id.
 */
export function storedTrackId(deliveryId: string, waybillId: string): string {
  return `${deliveryId}-${waybillId}`;
}

const FINAL_STAGES: ReadonlySet<TrackStage | null> = new Set<TrackStage | null>(['delivered', 'cancelled']);

/** A delivered or cancelled parcel's track does not change any more: it is served however old. */
export function isFinal(stage: TrackStage | null): boolean {
  return FINAL_STAGES.has(stage);
}

/** A parcel is looked at by its buyer and perhaps a few more; the oldest reader beyond these asks getPath again. */
export const MAX_READERS = 20;

/** The stored readers with the news' added (newest last), or null when it adds none. */
function addedReaders(stored: readonly string[], news: readonly string[]): string[] | null {
  const added = news.filter((reader) => !stored.includes(reader));
  return added.length === 0 ? null : [...stored, ...added].slice(-MAX_READERS);
}

/**
 * What a write must change in the stored document, or null when its news is
 * not newer. WeChat's track only grows, so a read with fewer events than the
 * stored one is older news, whoever brings it. A push changes the document
 * when its Version is newer than the stored one, or when its getPath read has
 * more events: a Version alone never freezes a track (a forged Version 999
 * cannot keep WeChat's later events out). The stored version only grows.
 * A getPath read with as many events as stored confirms them again. Any read
 * adds the user it was answered for to the readers, older news or not.
 */
export function newsToWrite(stored: StoredTrack | null, news: TrackNews): Partial<TrackNews> | null {
  if (stored === null) return news;
  const readers = addedReaders(stored.readers, news.readers);
  const withReaders = readers === null ? {} : { readers };
  const moreEvents = news.totalEvents > stored.totalEvents;
  const fewerEvents = news.totalEvents < stored.totalEvents;
  const newerVersion = news.version !== undefined && (stored.version === undefined || news.version > stored.version);
  if (news.source === 'push' ? !newerVersion && !moreEvents : fewerEvents) return readers === null ? null : withReaders;
  // A newer Version whose getPath read is older than what is stored: only the Version is news.
  if (fewerEvents) return { version: news.version, ...withReaders };
  const { version, readers: _readers, ...track } = news;
  return { ...track, ...(newerVersion ? { version } : {}), ...withReaders };
}

/** Whether the stored track may be served to a call asking for `openid`'s track; admins may see any. */
export function mayServe(stored: StoredTrack, openid: string | undefined, admin: boolean): boolean {
  return admin || (openid !== undefined && stored.readers.includes(openid));
}

/** The contract's track for a stored document. */
export function trackOfStored(stored: StoredTrack, servedFromStore: boolean): Extract<Track, { available: true }> {
  return {
    available: true,
    stage: stored.stage,
    events: stored.events,
    totalEvents: stored.totalEvents,
    confirmedAt: Math.floor(stored.confirmedAt / 1000),
    source: stored.source,
    stored: servedFromStore,
  };
}

const isStage = (value: unknown): value is TrackStage => (TRACK_STAGES as ReadonlySet<unknown>).has(value);
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
/**
 * The readers as far as they can be read: anything but strings is left out and
 * at most the newest MAX_READERS are kept. A document stored before readers
 * were kept, or whose readers other code spoiled, stays a track (served to
 * admins, users added again by their getPath looks) rather than being refused whole.
 */
const readersOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((reader): reader is string => typeof reader === 'string').slice(-MAX_READERS) : [];

function isEvent(value: unknown): value is TrackEvent {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.time) &&
    Number.isSafeInteger(value.actionType) &&
    isStage(value.stage) &&
    typeof value.message === 'string'
  );
}

/** The database's time as epoch ms: the SDK hands back a Date (EJSON $date); anything else is not a time. */
function epochMs(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : isRecord(value) && typeof value.$date === 'number' ? value.$date : undefined;
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

/**
 * The document as a StoredTrack, or undefined when it is not one (the
 * collection is open to the merchant's own functions): such a document is
 * never served, and getPath answers instead.
 */
export function storedTrackOf(document: unknown): StoredTrack | undefined {
  if (!isRecord(document)) return undefined;
  const { deliveryId, waybillId, orderId, version, source, confirmedAt, stage, events, totalEvents, readers } = document;
  const at = epochMs(confirmedAt);
  if (typeof deliveryId !== 'string' || typeof waybillId !== 'string' || typeof orderId !== 'string') return undefined;
  if ((version !== undefined && !isCount(version)) || (source !== 'push' && source !== 'getPath') || at === undefined) return undefined;
  if (!(stage === null || isStage(stage)) || !Array.isArray(events) || !events.every(isEvent) || !isCount(totalEvents)) return undefined;
  const track: StoredTrack = {
    deliveryId,
    waybillId,
    orderId,
    source,
    confirmedAt: at,
    stage: stage as TrackStage | null,
    events,
    totalEvents,
    readers: readersOf(readers),
  };
  if (version !== undefined) track.version = version;
  return track;
}
