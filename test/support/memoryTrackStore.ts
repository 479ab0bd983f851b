// A stand-in for the stored tracks' collection, with the cloud database's
// single-document atomicity: each read, insert and conditional update happens
// at once, after an optional delay, so concurrent writers interleave the way
// several instances do. Faults are injected per operation. For the service
// tests (functionHarness, pushHarness); the built functions meet the emulator's
// database instead.
import type { StoredTrack, TrackNews } from '../../cloudfunctions/getWaybill/src/storedTrack';
import { StoreFailure, type TrackStore } from '../../cloudfunctions/getWaybill/src/trackStore';
import { standInDelay } from './deferred';

type StoreOperation = 'read' | 'insert' | 'updateIf';

export interface MemoryTrackStore extends TrackStore {
  documents: Map<string, StoredTrack>;
  /** Operations as they started. */
  operations: StoreOperation[];
  /** Milliseconds each operation takes (default 0: the next turn of the event loop). */
  delayMs: number | ((operation: StoreOperation) => number);
  /** Makes an operation fail: return a StoreFailure (or anything, for a bug) to throw it, undefined to go on. */
  fault?: (operation: StoreOperation) => unknown;
  /** The database's clock, for confirmedAt (default Date.now). */
  now: () => number;
}

export function memoryTrackStore(): MemoryTrackStore {
  const store: MemoryTrackStore = {
    documents: new Map(),
    operations: [],
    delayMs: 0,
    now: () => Date.now(),
    read: (id) => operate('read', () => structuredClone(store.documents.get(id) ?? null)),
    insert: (id, news: TrackNews) =>
      operate('insert', () => {
        if (store.documents.has(id)) throw new StoreFailure('refused', -501001); // a duplicate _id, as the SDK reports it
        store.documents.set(id, { ...structuredClone(news), confirmedAt: store.now() });
      }),
    updateIf: (id, expected, fields) =>
      operate('updateIf', () => {
        const stored = store.documents.get(id);
        if (stored === undefined || stored.totalEvents !== expected.totalEvents || stored.version !== expected.version) return false;
        const updated = { ...stored, ...structuredClone(fields) };
        if (fields.events !== undefined) updated.confirmedAt = store.now();
        store.documents.set(id, updated);
        return true;
      }),
  };

  async function operate<T>(operation: StoreOperation, act: () => T): Promise<T> {
    store.operations.push(operation);
    await standInDelay(typeof store.delayMs === 'number' ? store.delayMs : store.delayMs(operation));
    const fault = store.fault?.(operation);
    if (fault !== undefined) throw fault;
    return act();
  }
  return store;
}
