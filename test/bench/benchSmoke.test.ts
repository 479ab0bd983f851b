// The benchmark (npm run bench) runs: one tiny iteration of every measurement,
// as `npm run bench -- --quick` does, and every figure comes out a finite
// number in a well-formed report. No timing is asserted: speed is the
// benchmark's business, not the test suite's.
import { MEASUREMENTS, runBench } from '../../scripts/bench/run';

test('one tiny iteration of every measurement gives finite figures in a well-formed report', async () => {
  const { sections, markdown } = await runBench(true, [{ name: `Node ${process.versions.node}`, binary: process.execPath }]);

  expect(sections).toHaveLength(MEASUREMENTS.length);
  for (const section of sections) {
    expect(section.summary.length).toBeGreaterThan(0);
    for (const row of section.summary) expect([row.measure, Number.isFinite(row.figure)]).toEqual([row.measure, true]);
    expect(markdown).toContain(`. ${section.title}\n\n${section.body}`);
  }
  expect(markdown).toContain('Quick smoke run');
  expect(markdown).not.toMatch(/NaN|undefined|Infinity/);
  // Every table row has as many cells as its header.
  for (const block of markdown.split('\n\n').filter((text) => text.startsWith('| '))) {
    const cells = block.split('\n').map((row) => row.split(' | ').length);
    expect(cells).toEqual(cells.map(() => cells[0]));
  }
}, 60_000);
