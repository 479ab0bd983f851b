// The track of one waybill for getWaybill: the stored track when it is final or
// fresh, else getPath (one call per waybill and user in flight on an instance),
// whose answer is then stored. The lookup starts as soon as the waybill id is
// known, beside getOrder; only once getOrder has confirmed the waybill is
// anything served or stored. Database trouble of any kind (slow, down,
// refusing) means getPath, inside the call's deadline. The track never fails
// the waybill: even a bug here makes only the track INTERNAL.
import type { Track, WaybillErrorCode } from '../../../miniprogram/contract/getWaybillContract';
import type { RetryOutcome } from './callWithRetries';
import type { PathFlights } from './pathFlights';
import { isFinal, mayServe, storedTrackId, trackOfStored, type StoredTrack } from './storedTrack';
import { foreignTrack, toTrack } from './toTrack';
import { settleWithin } from './settleWithin';
import { beforeDeadline, StoreFailure, storeNews, type StoreFailureKind, type TrackStore } from './trackStore';
import { fromFailure, INTERNAL_ERROR, NO_WAYBILL_ID_FOR_TRACK, TRACK_OF_ANOTHER_USER, TRACK_OF_ANOTHER_WAYBILL } from './waybillErrors';
import { UpstreamFailure, type WeChatAnswer, type WeChatQuery } from './transportPort';

export interface TrackContext {
  /** getPath with retries inside the call's deadline; stops retrying once `abandoned()`. */
  askPath(query: WeChatQuery, abandoned: () => boolean): Promise<RetryOutcome<WeChatAnswer>>;
  /** The stored tracks' collection; undefined when the function runs without one. */
  store: TrackStore | undefined;
  freshMs: number;
  /** The longest the call waits for one database read or write before going on without it. */
  storeWaitMs: number;
  /** The call's deadline (epoch ms). */
  deadlineAt: number;
  /** The caller is an admin, who may see any order's track: any stored track is served to them. */
  admin: boolean;
  flights: PathFlights;
}

/** What the store had: served (fresh, final), passed over (stale, none, another order's or user's), or its trouble. */
type StoredLook = 'fresh' | 'final' | 'stale' | 'none' | 'otherOrder' | 'otherReader' | 'off' | StoreFailureKind | 'bug';
/** What became of getPath's answer in the store. */
type SaveOutcome = 'stored' | 'unchanged' | 'off' | StoreFailureKind | 'bug';

export interface TrackFacts {
  outcome: 'ok' | WaybillErrorCode;
  events: number;
  stored?: StoredLook;
  saved?: SaveOutcome;
}

export interface TrackFound {
  track: Track;
  facts: TrackFacts;
  /** A bug met on the track's path: the waybill is still answered, the bug goes in the log line. */
  internalError?: { thrown: unknown };
}

export interface TrackLookup {
  /** The track, once getOrder has confirmed that the waybill belongs to the order asked about. */
  found(): Promise<TrackFound>;
  /** getOrder answered another waybill or failed: nothing of this lookup is served or stored. */
  abandon(): void;
}

interface StoreReading {
  look: StoredLook;
  served?: StoredTrack;
}

function troubleOf(thrown: unknown): StoreFailureKind | 'bug' {
  return thrown instanceof StoreFailure ? thrown.kind : 'bug';
}

async function readStore(context: TrackContext, path: WeChatQuery & { waybillId: string }, orderId: string): Promise<StoreReading> {
  const { store } = context;
  if (store === undefined) return { look: 'off' };
  try {
    const readBy = Math.min(context.deadlineAt, Date.now() + context.storeWaitMs);
    const stored = await beforeDeadline(store.read(storedTrackId(path.deliveryId, path.waybillId), readBy), readBy);
    if (stored === null) return { look: 'none' };
    // Written under this waybill's _id by other code, but about another: never served.
    if (stored.deliveryId !== path.deliveryId || stored.waybillId !== path.waybillId) return { look: 'unreadable' };
    // The track is served with the order it was stored for: a caller of another order asks getPath.
    if (stored.orderId !== orderId) return { look: 'otherOrder' };
    // getPath answers a track only to its own users (40003 for others): the store repeats that check.
    if (!mayServe(stored, path.openid, context.admin)) return { look: 'otherReader' };
    if (isFinal(stored.stage)) return { look: 'final', served: stored };
    if (Date.now() - stored.confirmedAt < context.freshMs) return { look: 'fresh', served: stored };
    return { look: 'stale' };
  } catch (thrown) {
    return { look: troubleOf(thrown) };
  }
}

/**
 * getPath's outcome, or a timeout at this call's deadline: a call that joined
 * another call's getPath (started earlier, so with a later deadline when this
 * call's own reads were slow) must not wait past its own.
 */
async function untilDeadline<T>(outcome: Promise<RetryOutcome<T>>, deadlineAt: number): Promise<RetryOutcome<T>> {
  const late = new UpstreamFailure('timeout', undefined, 'no getPath answer before the deadline');
  try {
    return await settleWithin(outcome, Math.max(0, deadlineAt - Date.now()), () => late);
  } catch (error) {
    if (error === late) return { ok: false, failure: late };
    throw error;
  }
}

const unavailable = (error: Track & { available: false }, look: StoredLook): TrackFound => ({
  track: error,
  facts: { outcome: error.error.code, events: 0, stored: look },
});

/**
 * Starts looking for the track of `path`'s waybill for `orderId`: the store
 * first, getPath only if the store has no track to serve.
 */
export function lookUpTrack(context: TrackContext, path: WeChatQuery & { waybillId: string }, orderId: string): TrackLookup {
  const reading = readStore(context, path, orderId);
  let leave: (() => void) | undefined;
  let abandoned = false;
  const answer = reading.then(({ served }) => {
    if (served !== undefined || abandoned) return undefined;
    const key = [path.deliveryId, path.waybillId, path.openid ?? ''].join('\u0000');
    const ticket = context.flights.join(key, (nobodyWaits) => context.askPath(path, nobodyWaits));
    leave = ticket.leave;
    // A call this lookup started ends by its own deadline, with its own last failure (WeChat's busy, say).
    return ticket.joined ? untilDeadline(ticket.outcome, context.deadlineAt) : ticket.outcome;
  });
  answer.catch(() => undefined); // a bug in an abandoned lookup must not surface as an unhandled rejection

  async function found(): Promise<TrackFound> {
    const { look, served } = await reading;
    if (served !== undefined) {
      const track = trackOfStored(served, true);
      return { track, facts: { outcome: 'ok', events: track.events.length, stored: look } };
    }
    const outcome = await answer;
    leave?.();
    if (outcome === undefined) throw new Error('the track lookup was abandoned before it was found');
    if (!outcome.ok) return unavailable({ available: false, error: fromFailure(outcome.failure, 'getPath') }, look);
    const foreign = foreignTrack(outcome.value, path);
    if (foreign === 'anotherWaybill') return unavailable({ available: false, error: TRACK_OF_ANOTHER_WAYBILL }, look);
    if (foreign === 'anotherUser') return unavailable({ available: false, error: TRACK_OF_ANOTHER_USER }, look);
    const read = toTrack(outcome.value);
    const readers = path.openid === undefined ? [] : [path.openid];
    const saved = await save(context, {
      deliveryId: path.deliveryId,
      waybillId: path.waybillId,
      orderId,
      source: 'getPath',
      ...read,
      readers,
    });
    const track: Track = { available: true, ...read, confirmedAt: Math.floor(Date.now() / 1000), source: 'getPath', stored: false };
    return { track, facts: { outcome: 'ok', events: read.events.length, stored: look, saved } };
  }

  return {
    found: async () => {
      try {
        return await found();
      } catch (thrown) {
        return { track: { available: false, error: INTERNAL_ERROR }, facts: { outcome: 'INTERNAL', events: 0 }, internalError: { thrown } };
      }
    },
    abandon: () => {
      abandoned = true;
      leave?.();
    },
  };
}

async function save(context: TrackContext, news: Parameters<typeof storeNews>[1]): Promise<SaveOutcome> {
  if (context.store === undefined) return 'off';
  try {
    return await storeNews(context.store, news, Math.min(context.deadlineAt, Date.now() + context.storeWaitMs));
  } catch (thrown) {
    return troubleOf(thrown);
  }
}

/**
 * The track of the waybill getOrder answered (`answeredId`): the early lookup
 * only if it was for that waybill (else it is abandoned and another starts), and
 * none to look up for a waybill with no id yet.
 */
export function trackOfAnswered(
  answeredId: string,
  askedId: string | undefined,
  early: TrackLookup | undefined,
  lookUp: (waybillId: string) => TrackLookup,
): Promise<TrackFound> {
  const earlyIsOurs = answeredId !== '' && answeredId === askedId && early !== undefined;
  if (!earlyIsOurs) early?.abandon();
  if (answeredId === '')
    return Promise.resolve({
      track: { available: false, error: NO_WAYBILL_ID_FOR_TRACK },
      facts: { outcome: NO_WAYBILL_ID_FOR_TRACK.code, events: 0 },
    });
  return (earlyIsOurs ? early : lookUp(answeredId)).found();
}
