// The port between the functions and the cloud database collection of stored
// tracks (wxCloud.ts implements it with wx-server-sdk; tests with fakes), and
// the one way a track is written: read, decide (storedTrack.ts), write only if
// the document is still what was read. Concurrent writers of one waybill, on
// any number of instances, never lose the newest news: a writer that finds the
// document changed under it reads again and decides again. No transaction is
// needed, and none is used: wx-server-sdk 4.0.2 reports a transaction conflict
// as a bare -501001 that cannot be told from a network failure.
import { settleWithin } from './settleWithin';
import { newsToWrite, storedTrackId, type StoredTrack, type TrackNews } from './storedTrack';

/**
 * Each call is given the time by which its caller gives up on it (`deadlineAt`):
 * an adapter closes what the call still has open then, so an abandoned read
 * does not hold a connection.
 */
export interface TrackStore {
  /** The stored document, or null when there is none. */
  read(id: string, deadlineAt: number): Promise<StoredTrack | null>;
  /** Adds the document, with confirmedAt the database's time; rejects if it exists. */
  insert(id: string, news: TrackNews, deadlineAt: number): Promise<void>;
  /**
   * Sets `fields` (and confirmedAt, when they hold events) only if the document
   * still has `expected`'s version (absent stays absent) and totalEvents;
   * false when it no longer does.
   */
  updateIf(
    id: string,
    expected: Pick<StoredTrack, 'version' | 'totalEvents'>,
    fields: Partial<TrackNews>,
    deadlineAt: number,
  ): Promise<boolean>;
}

/** The store of the collection the settings name. */
export type TrackStoreOf = (collection: string) => TrackStore;

export type StoreFailureKind = 'timeout' | 'refused' | 'unreadable' | 'contended';

/** The database did not do what was asked: slow, down, refusing (missing collection, no permission), or a document that is not a track. */
export class StoreFailure extends Error {
  constructor(
    readonly kind: StoreFailureKind,
    /** The platform's code, where it gave one. */
    readonly errCode?: number,
  ) {
    super(`track store: ${kind}${errCode === undefined ? '' : ` (${errCode})`}`);
    this.name = 'StoreFailure';
  }
}

/** `work`, or a StoreFailure('timeout') at `deadlineAt`; the abandoned work's late failure is swallowed. */
export function beforeDeadline<T>(work: Promise<T>, deadlineAt: number): Promise<T> {
  return settleWithin(work, Math.max(0, deadlineAt - Date.now()), () => new StoreFailure('timeout'));
}

/** Reads and writes per round; more rounds means a waybill written by many at once, which WeChat's redelivery can settle. */
const MAX_ROUNDS = 4;

export type StoreOutcome = 'stored' | 'unchanged';

/** Writes `news` if it is newer than what is stored (storedTrack.ts says when). Rejects with a StoreFailure. */
export async function storeNews(store: TrackStore, news: TrackNews, deadlineAt: number): Promise<StoreOutcome> {
  const id = storedTrackId(news.deliveryId, news.waybillId);
  let lastFailure: unknown = new StoreFailure('contended');
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const stored = await beforeDeadline(store.read(id, deadlineAt), deadlineAt);
    const change = newsToWrite(stored, news);
    if (change === null) return 'unchanged';
    if (stored === null) {
      try {
        await beforeDeadline(store.insert(id, news, deadlineAt), deadlineAt);
        return 'stored';
      } catch (failure) {
        // Another writer may have added it first: read again. A timeout has used the time up.
        if (!(failure instanceof StoreFailure) || failure.kind === 'timeout') throw failure;
        lastFailure = failure;
        continue;
      }
    }
    const expected = { totalEvents: stored.totalEvents, ...(stored.version === undefined ? {} : { version: stored.version }) };
    if (await beforeDeadline(store.updateIf(id, expected, change, deadlineAt), deadlineAt)) return 'stored';
    lastFailure = new StoreFailure('contended');
  }
  throw lastFailure;
}
