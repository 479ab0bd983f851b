// The whole loop from the command line: `npm start -- --advance` moves a
// sandbox parcel on and delivers WeChat's push to the built waybillPush, which
// stores the track; `npm start -- --track` then serves it with no getPath call.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { START_DATABASE_FILE } from '../../scripts/start/advanceParcel';
import { useStartInProcess } from '../support/startInProcess';

const start = useStartInProcess();

test('--advance, then --track: the pushed track is served from the cloud database, saying so', async () => {
  const advance = await start.run(['--advance', 'SF_ORDER_0001']);
  expect(advance.code).toBe(0);
  expect(advance.stdout).toMatch(/parcel SF1400000000001 \(SF\) moved on: .*上海浦东转运中心/);
  expect(advance.stdout).toContain('waybillPush answered success');
  expect(advance.stderr).toMatch(/log: \{"event":"waybillPush".*"outcome":"stored"/);
  expect(existsSync(path.join(start.workDir(), START_DATABASE_FILE))).toBe(true);

  const track = await start.run(['--track', '--order-id', 'SF_ORDER_0001']);
  expect(track.code).toBe(0);
  expect(track.stdout).toMatch(/2026-11-28 09:30 {2}inTransit +快件到达【上海浦东转运中心】/);
  expect(track.stdout).toMatch(/track from {3}the cloud database, as WeChat's push of .*: no getPath call/);
  expect(track.stderr).toContain('"stored":"fresh"');
});

test('without an --advance first, --track asks getPath and says so', async () => {
  const track = await start.run(['--track', '--order-id', 'SF_ORDER_0001']);
  expect(track.stdout).toMatch(/track from {3}getPath, asked in this call/);
});

test('--advance of a parcel with nothing more to report: exit 2, naming the ones that can move', async () => {
  const run = await start.run(['--advance', 'TEST_ORDER_0001']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/TEST_ORDER_0001 has no more events to report \(these can: SF_ORDER_0001, EMS_ORDER_0001\)/);
});
