// npm run bench [-- --write] [-- --quick] [-- --node <binary> ...]
// Runs every measurement below, each beside its baseline, and prints the
// report; --write also writes it to BENCHMARKS.md. --quick runs one tiny
// iteration of each (the smoke test's run): its figures mean nothing. The cold
// start runs on this Node and on each --node binary, by default Node 12 and 16
// (the older runtimes WeChat Cloud offers, fetched as npm run test:runtimes does).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeRuntime } from '../nodeRuntimes';
import { BENCH_ADMIN, startBenchBackend } from './backend';
import { bundleSize } from './bundleSize';
import { coldStart } from './coldStart';
import { buildBenchFunctions } from './functions';
import { labelSize } from './labelSize';
import type { Measurement, NodeRuntime, Section } from './measurement';
import { pagePayload } from './pagePayload';
import { renderReport } from './report';
import { tailLatency } from './tailLatency';
import { track } from './track';
import { ownCode, warmCall } from './warmCall';

/** In the order BENCHMARKS.md shows them. */
export const MEASUREMENTS: readonly Measurement[] = [coldStart, warmCall, ownCode, labelSize, track, bundleSize, tailLatency, pagePayload];

export async function runBench(quick: boolean, runtimes: readonly NodeRuntime[], step: (what: string) => void = () => undefined) {
  const startedAt = Date.now();
  await buildBenchFunctions();
  const backend = await startBenchBackend();
  try {
    const bench = { quick, runtimes, step, cloudEnv: { ...backend.cloudEnv({ openid: BENCH_ADMIN }), WAYBILL_ADMIN_OPENIDS: BENCH_ADMIN } };
    const sections: Section[] = [];
    for (const measure of MEASUREMENTS) sections.push(await measure(bench));
    return { sections, markdown: renderReport(sections, { quick, seconds: (Date.now() - startedAt) / 1000 }) };
  } finally {
    await backend.close();
  }
}

async function runtimesFrom(argv: readonly string[]): Promise<NodeRuntime[]> {
  let binaries = argv.flatMap((arg, i) => (arg === '--node' && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
  if (binaries.length === 0) {
    const cacheDir = path.join(__dirname, '../../.cache/node-runtimes');
    binaries = [await ensureNodeRuntime(12, cacheDir), await ensureNodeRuntime(16, cacheDir)];
  }
  return [process.execPath, ...binaries].map((binary) => ({
    name: `Node ${execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().slice(1)}`,
    binary,
  }));
}

async function main(argv: readonly string[]): Promise<void> {
  const [quick, write] = [argv.includes('--quick'), argv.includes('--write')];
  if (quick && write) throw new Error('--write needs a full run: quick figures mean nothing');
  const startedAt = Date.now();
  const step = (what: string): void => void process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0)} s] ${what}\n`);
  const { markdown } = await runBench(quick, await runtimesFrom(argv), step);
  process.stdout.write(markdown);
  if (write) writeFileSync(path.join(__dirname, '../../BENCHMARKS.md'), markdown);
  step(write ? 'wrote BENCHMARKS.md' : 'BENCHMARKS.md left as it was (npm run bench -- --write rewrites it)');
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
