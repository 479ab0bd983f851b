// npm run bench [-- --write] [-- --quick] [-- --node <binary> ...]: every measurement below, each beside its baseline, printed; --write
// also writes BENCHMARKS.md; --quick runs one tiny iteration of each (the smoke test's run). Cold starts also on Node 12 and 16 (or --node).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNodeRuntime } from '../nodeRuntimes';
import { BENCH_ADMIN, startBenchBackend } from './backend';
import { bundleSize, coldStart } from './bundle';
import { buildBenchFunctions } from './functions';
import { labelSize } from './labelSize';
import { table, type Bench, type Section } from './measurement';
import { pagePayload } from './pagePayload';
import { tailLatency } from './tailLatency';
import { orderCheck, storedTrack, track } from './track';
import { ownCode, warmCall } from './warmCall';

export const MEASUREMENTS = [coldStart, warmCall, ownCode, labelSize, track, storedTrack, orderCheck, bundleSize, tailLatency, pagePayload];

export async function runBench(quick: boolean, runtimes: Bench['runtimes'], step: Bench['step'] = () => undefined) {
  const startedAt = Date.now();
  await buildBenchFunctions();
  const backend = await startBenchBackend();
  try {
    const cloudEnv = { ...backend.cloudEnv({ openid: BENCH_ADMIN }), WAYBILL_ADMIN_OPENIDS: BENCH_ADMIN };
    const sections: Section[] = [];
    for (const measure of MEASUREMENTS) {
      step(measure.name);
      sections.push(await measure({ quick, runtimes, cloudEnv, backend, step }));
    }
    return { sections, markdown: report(sections, quick, (Date.now() - startedAt) / 1000) };
  } finally {
    await backend.close();
  }
}

/** BENCHMARKS.md: where and when it ran, a summary of every goal, then each measurement's section. */
function report(sections: readonly Section[], quick: boolean, seconds: number): string {
  const cpus = os.cpus();
  const machine = `${os.type()} ${os.release()} (${os.arch()}), ${cpus[0]?.model.trim()} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  const verdict = (met: boolean | undefined): string => (met === undefined ? '' : met ? 'met' : '**missed**');
  const summary = sections.flatMap((s) =>
    s.summary.map((row) => `${row.measure} | ${row.goal || 'reported'} | ${row.result} | ${verdict(row.met)}`),
  );
  return [
    '# Benchmarks',
    ...(quick ? ['> **Quick smoke run: one tiny iteration of each measurement; the figures mean nothing.**'] : []),
    `Written by \`npm run bench -- --write\` (scripts/bench/) in ${seconds.toFixed(0)} s on ${machine}, Node ${process.versions.node}, ${new Date().toISOString()}. Every figure in this file comes from that run.
The baseline is the getOrder docs' own cloud function (scripts/bench/docsExampleFunction.js: \`cloud.init\`, then \`return await cloud.openapi.logistics.getOrder({...event})\`) on wx-server-sdk from node_modules, as the cloud installs it.
Every figure is compared with a baseline measured in the same run, interleaved with it: the machine may be shared, so the ratios are the result, not the times.`,
    '## Summary',
    table('measure | goal | result | ', summary),
    ...sections.map((section, i) => `## ${i + 1}. ${section.title}\n\n${section.body}`),
  ].join('\n\n');
}

async function main(): Promise<void> {
  const options = { write: { type: 'boolean' }, quick: { type: 'boolean' }, node: { type: 'string', multiple: true } } as const;
  const { write, quick, node = [] } = parseArgs({ options }).values;
  if (quick === true && write === true) throw new Error('--write needs a full run: quick figures mean nothing');
  const cacheDir = path.join(__dirname, '../../.cache/node-runtimes');
  const binaries = node.length > 0 ? node : [await ensureNodeRuntime(12, cacheDir), await ensureNodeRuntime(16, cacheDir)];
  const named = (binary: string) => ({ name: `Node ${execFileSync(binary, ['-p', 'process.versions.node']).toString().trim()}`, binary });
  const startedAt = Date.now();
  const step = (what: string): void => void process.stderr.write(`[${((Date.now() - startedAt) / 1000).toFixed(0)} s] ${what}\n`);
  const { markdown } = await runBench(quick === true, [process.execPath, ...binaries].map(named), step);
  process.stdout.write(`${markdown}\n`);
  if (write === true) writeFileSync(path.join(__dirname, '../../BENCHMARKS.md'), `${markdown}\n`);
  step(write === true ? 'wrote BENCHMARKS.md' : 'BENCHMARKS.md left as it was (npm run bench -- --write rewrites it)');
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
