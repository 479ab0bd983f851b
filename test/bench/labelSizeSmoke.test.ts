// Smoke test of the benchmark (npm run bench): the label-size measurement in
// its quick form runs our built function on the real SDK in a worker process
// and reports figures of the right shape. No timing is asserted: speed is the
// benchmark's business, not the test suite's.
import { measureLabelSize } from '../../scripts/bench/labelSize';

test('the label-size benchmark measures a 1 KB label end to end', async () => {
  const row = await measureLabelSize(1024, 3, 2);
  expect(row).toMatchObject({ labelBytes: 1024, calls: 3 });
  for (const figure of [row.oursCpuUs, row.noLabelCpuUs, row.docsExampleCpuUs, row.oursWallUs]) {
    expect(Number.isFinite(figure)).toBe(true);
    expect(figure).toBeGreaterThan(0);
  }
  expect(Number.isFinite(row.cpuUsPerKb)).toBe(true);
  // Two memory readings were asked for: each either counted or discarded because a GC ran inside the call.
  expect(row.discardedForGc).toBeGreaterThanOrEqual(0);
  expect(row.discardedForGc).toBeLessThanOrEqual(2);
  if (row.discardedForGc < 2) expect(row.oursAllocated).toBeGreaterThan(0);
}, 60_000);
