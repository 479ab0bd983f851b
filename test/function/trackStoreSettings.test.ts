// The stored track's settings: WAYBILL_TRACK_COLLECTION and
// WAYBILL_TRACK_FRESH_MINUTES, read like every other setting (a bad value is
// named in a warning, never repeated, and the default is used).
import { parseSettings } from '../../cloudfunctions/getWaybill/src/settings';

test('by default tracks live in waybillTracks and are fresh for 10 minutes', () => {
  expect(parseSettings({})).toEqual({
    settings: expect.objectContaining({ trackStore: { collection: 'waybillTracks', freshMs: 600_000 } }),
    warnings: [],
  });
});

test.each([
  ['shopTracks', 'shopTracks'],
  [' tracks_v2 ', 'tracks_v2'],
  ['a-b', 'a-b'],
])('WAYBILL_TRACK_COLLECTION "%s" names the collection %s', (value, collection) => {
  const { settings: config, warnings } = parseSettings({ WAYBILL_TRACK_COLLECTION: value });
  expect(config.trackStore.collection).toBe(collection);
  expect(warnings).toEqual([]);
});

test.each(['1tracks', 'tracks with spaces', 'x'.repeat(33), 'secret$value'])(
  'WAYBILL_TRACK_COLLECTION "%s" is not a collection name: the default, and a warning that does not repeat it',
  (value) => {
    const { settings: config, warnings } = parseSettings({ WAYBILL_TRACK_COLLECTION: value });
    expect(config.trackStore.collection).toBe('waybillTracks');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('WAYBILL_TRACK_COLLECTION');
    expect(warnings[0]).not.toContain(value.trim());
  },
);

test.each([
  ['0', 0],
  ['1', 60_000],
  [' 30 ', 1_800_000],
  ['1440', 86_400_000],
])('WAYBILL_TRACK_FRESH_MINUTES "%s" is %i ms', (value, ms) => {
  const { settings: config, warnings } = parseSettings({ WAYBILL_TRACK_FRESH_MINUTES: value });
  expect(config.trackStore.freshMs).toBe(ms);
  expect(warnings).toEqual([]);
});

test.each(['1441', '-1', '2.5', '10m', 'ten'])('WAYBILL_TRACK_FRESH_MINUTES "%s" is refused: 10 minutes, and a warning', (value) => {
  const { settings: config, warnings } = parseSettings({ WAYBILL_TRACK_FRESH_MINUTES: value });
  expect(config.trackStore.freshMs).toBe(600_000);
  expect(warnings).toEqual([expect.stringContaining('WAYBILL_TRACK_FRESH_MINUTES must be a whole number of minutes from 0 to 1440')]);
});
