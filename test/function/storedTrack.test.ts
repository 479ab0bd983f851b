// Only newer news wins: which write changes a stored track (storedTrack.ts),
// and that concurrent, shuffled, duplicated writes of one waybill end with the
// highest Version and WeChat's longest track (trackStore.ts), on a store with
// the database's single-document atomicity.
import {
  MAX_READERS,
  mayServe,
  newsToWrite,
  storedTrackId,
  storedTrackOf,
  type StoredTrack,
  type TrackNews,
} from '../../cloudfunctions/getWaybill/src/storedTrack';
import { StoreFailure, storeNews } from '../../cloudfunctions/getWaybill/src/trackStore';
import type { TrackEvent } from '../../miniprogram/contract/getWaybillContract';
import { memoryTrackStore } from '../support/memoryTrackStore';

/** The first `count` events of a parcel's track, newest first, as getPath would have them read. */
function eventsUpTo(count: number): TrackEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    time: 1764000000 + i,
    actionType: 200001,
    stage: 'inTransit' as const,
    message: `e${i}`,
  })).reverse();
}

function news(fields: { version?: number; totalEvents: number; source?: TrackNews['source']; readers?: string[] }): TrackNews {
  const events = eventsUpTo(fields.totalEvents);
  const written: TrackNews = {
    deliveryId: 'SF',
    waybillId: 'SF1234567890',
    orderId: 'ORDER-001',
    source: fields.source ?? 'push',
    stage: events[0]?.stage ?? null,
    events,
    totalEvents: fields.totalEvents,
    readers: fields.readers ?? [],
  };
  if (fields.version !== undefined) written.version = fields.version;
  return written;
}

const stored = (fields: Parameters<typeof news>[0]): StoredTrack => ({ ...news(fields), confirmedAt: 1_764_000_000_000 });

describe('which news wins', () => {
  test.each([
    ['a first push is stored whole', null, news({ version: 3, totalEvents: 2 }), 'all'],
    ['a push with a newer Version replaces the track', stored({ version: 3, totalEvents: 2 }), news({ version: 4, totalEvents: 3 }), 'all'],
    ['the same push again changes nothing', stored({ version: 4, totalEvents: 3 }), news({ version: 4, totalEvents: 3 }), 'none'],
    [
      'a late push of an older Version changes nothing',
      stored({ version: 4, totalEvents: 3 }),
      news({ version: 2, totalEvents: 3 }),
      'none',
    ],
    [
      'a push whose getPath read is older than the stored one brings only its Version',
      stored({ version: 3, totalEvents: 5 }),
      news({ version: 4, totalEvents: 4 }),
      'version',
    ],
    [
      'a forged Version 999 does not freeze the track: more events from getPath still win, the Version stays',
      stored({ version: 999, totalEvents: 2 }),
      news({ version: 5, totalEvents: 3 }),
      'track',
    ],
    [
      'a getPath read with more events replaces a pushed track, keeping its Version',
      stored({ version: 4, totalEvents: 2 }),
      news({ source: 'getPath', totalEvents: 3 }),
      'track',
    ],
    [
      'a getPath read with as many events confirms them again',
      stored({ version: 4, totalEvents: 3 }),
      news({ source: 'getPath', totalEvents: 3 }),
      'track',
    ],
    [
      'a getPath read with fewer events is older news',
      stored({ version: 4, totalEvents: 3 }),
      news({ source: 'getPath', totalEvents: 2 }),
      'none',
    ],
  ] as const)('%s', (_name, before, incoming, expected) => {
    const change = newsToWrite(before, incoming);
    const { version, readers: _readers, ...track } = incoming;
    if (expected === 'none') expect(change).toBeNull();
    if (expected === 'all') expect(change).toEqual(before === null ? incoming : { ...track, version });
    if (expected === 'version') expect(change).toEqual({ version });
    if (expected === 'track') expect(change).toEqual(track);
  });
});

describe('readers: the users getPath answered the track for', () => {
  const BUYER = 'oBUYER';
  const OTHER = 'oOTHER';
  test.each([
    ['a first read records its user', null, news({ source: 'getPath', totalEvents: 2, readers: [BUYER] }), { readers: [BUYER] }],
    [
      'an older read by a new user adds only the user',
      stored({ version: 4, totalEvents: 3, readers: [BUYER] }),
      news({ source: 'getPath', totalEvents: 2, readers: [OTHER] }),
      { readers: [BUYER, OTHER] },
    ],
    [
      'a push that is not newer, for a new user, adds only the user',
      stored({ version: 4, totalEvents: 3 }),
      news({ version: 4, totalEvents: 3, readers: [BUYER] }),
      { readers: [BUYER] },
    ],
    [
      'an older read by a known user changes nothing',
      stored({ version: 4, totalEvents: 3, readers: [BUYER] }),
      news({ source: 'getPath', totalEvents: 2, readers: [BUYER] }),
      null,
    ],
    [
      'a push with an older read brings its Version and its user',
      stored({ version: 3, totalEvents: 5 }),
      news({ version: 4, totalEvents: 4, readers: [BUYER] }),
      { version: 4, readers: [BUYER] },
    ],
  ] as const)('%s', (_name, before, incoming, expected) => {
    const change = newsToWrite(before, incoming);
    if (expected === null) expect(change).toBeNull();
    else expect(change).toMatchObject(expected);
    if (expected !== null && !('events' in expected) && before !== null) expect(change).not.toHaveProperty('events');
  });

  test(`at most ${MAX_READERS} readers are kept, the newest`, () => {
    const many = Array.from({ length: MAX_READERS }, (_, i) => `o${i}`);
    const change = newsToWrite(stored({ totalEvents: 3, readers: many }), news({ source: 'getPath', totalEvents: 3, readers: [BUYER] }));
    expect(change?.readers).toEqual([...many.slice(1), BUYER]);
  });

  test('the stored track is served to its readers and to admins, to nobody else', () => {
    const track = stored({ totalEvents: 3, readers: [BUYER] });
    expect(mayServe(track, BUYER, false)).toBe(true);
    expect(mayServe(track, OTHER, false)).toBe(false);
    expect(mayServe(track, undefined, false)).toBe(false);
    expect(mayServe(track, undefined, true)).toBe(true);
  });
});

test('the _id comes from carrier and waybill id, and never two waybills share one', () => {
  expect(storedTrackId('SF', 'SF1234567890')).toBe('SF-SF1234567890');
  // A carrier code has no '-', so the first '-' always ends it.
  expect(storedTrackId('A', 'B-C')).not.toBe(storedTrackId('A_B', 'C'));
  expect(storedTrackId('AB', 'C')).not.toBe(storedTrackId('A', 'BC'));
});

test('readers spoiled by other code (or absent, from before readers were kept) leave the document a track, with the readers that can be read', () => {
  const good = { _id: 'x', ...news({ version: 1, totalEvents: 1 }), confirmedAt: new Date(1_764_000_000_000) };
  const many = Array.from({ length: MAX_READERS + 5 }, (_, i) => `o${i}`);
  expect(storedTrackOf({ ...good, readers: undefined })?.readers).toEqual([]);
  expect(storedTrackOf({ ...good, readers: null })?.readers).toEqual([]);
  expect(storedTrackOf({ ...good, readers: 'oBUYER' })?.readers).toEqual([]);
  expect(storedTrackOf({ ...good, readers: ['oBUYER', 42, null] })?.readers).toEqual(['oBUYER']);
  expect(storedTrackOf({ ...good, readers: many })?.readers).toEqual(many.slice(-MAX_READERS));
});

test('a document that is not a track (written by other code) is not taken for one', () => {
  const good = { _id: 'x', ...news({ version: 1, totalEvents: 1 }), confirmedAt: new Date(1_764_000_000_000) };
  expect(storedTrackOf(good)).toMatchObject({ version: 1, confirmedAt: 1_764_000_000_000 });
  for (const bad of [
    null,
    { ...good, confirmedAt: '2025-01-01' },
    { ...good, version: -1 },
    { ...good, source: 'user' },
    { ...good, events: [{ time: 'now' }] },
    { ...good, totalEvents: 1.5 },
    { ...good, stage: 'teleported' },
  ]) {
    expect(storedTrackOf(bad)).toBeUndefined();
  }
});

/** Deterministic shuffle, so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('concurrent writers', () => {
  test.each([1, 2, 3])('shuffled, duplicated pushes of one waybill, all at once, end at the highest Version (seed %i)', async (seed) => {
    const store = memoryTrackStore();
    // Each operation takes 0-2 ms, so reads and writes of different pushes interleave.
    let tick = seed;
    store.delayMs = () => (tick = (tick * 7 + 3) % 3);
    // Version v read the track when it had v events; every push comes twice.
    const versions = shuffled([...Array.from({ length: 10 }, (_, i) => i + 1), ...Array.from({ length: 10 }, (_, i) => i + 1)], seed);
    const outcomes = await Promise.all(
      versions.map((version) => storeNews(store, news({ version, totalEvents: version }), Date.now() + 5000)),
    );
    const document = store.documents.get('SF-SF1234567890');
    expect(document).toMatchObject({ version: 10, totalEvents: 10 });
    expect(document?.events.map((event) => event.message)).toEqual(eventsUpTo(10).map((event) => event.message));
    expect(outcomes.filter((outcome) => outcome === 'stored').length).toBeGreaterThanOrEqual(1);
    expect(store.operations.filter((operation) => operation === 'insert').length).toBeGreaterThanOrEqual(1);
  });

  test('a write that keeps losing the race gives up with a StoreFailure (WeChat delivers the push again)', async () => {
    const store = memoryTrackStore();
    await storeNews(store, news({ version: 1, totalEvents: 1 }), Date.now() + 5000);
    // Someone else writes between every read and update.
    const realUpdate = store.updateIf;
    store.updateIf = async (id, expected, fields, deadlineAt) => {
      const document = store.documents.get(id);
      if (document !== undefined) store.documents.set(id, { ...document, version: (document.version ?? 0) + 1 });
      return realUpdate(id, expected, fields, deadlineAt);
    };
    await expect(storeNews(store, news({ version: 500, totalEvents: 2 }), Date.now() + 5000)).rejects.toEqual(
      new StoreFailure('contended'),
    );
  });

  test('a store slower than the deadline is a timeout, not a wait', async () => {
    const store = memoryTrackStore();
    store.delayMs = 1000;
    const startedAt = Date.now();
    await expect(storeNews(store, news({ version: 1, totalEvents: 1 }), startedAt + 50)).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - startedAt).toBeLessThan(900);
  });
});
