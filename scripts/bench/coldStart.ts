// A cold start is a fresh Node process loading the function and answering its
// first call (its SDK posting to the emulator, as in the cloud). The child
// times its own require() and first call, which is what the function can
// change; the parent also times spawn to exit (Node's boot is the runtime's).
// Each runtime runs both functions, interleaved, the order swapped every round.
import { spawn } from 'node:child_process';
import { MAX_DEADLINE_MS } from '../../cloudfunctions/getWaybill/src/settings';
import { benchEvent } from './benchBackend';
import { BUILT_FUNCTION, DOCS_EXAMPLE_FUNCTION } from './functionsUnderTest';
import { spread, type Spread } from './stats';

export interface NodeRuntime {
  /** e.g. "Node 12.22.12" */
  name: string;
  binary: string;
}

export interface ColdStartRow {
  runtime: string;
  function: 'docsExample' | 'ours';
  /** require() + the first call, the child's own timing. */
  loadAndCallMs: Spread;
  requireMs: Spread;
  /** spawn to exit, seen by the parent. */
  processMs: Spread;
}

export interface ColdStartRuntime {
  runtime: string;
  docsExample: ColdStartRow;
  ours: ColdStartRow;
  /** Median load + first call, ours over the docs' example. */
  ratio: number;
  processRatio: number;
}

// Plain JavaScript that Node 12 parses: it runs on every runtime as it is.
const CHILD_SCRIPT = `
const started = process.hrtime.bigint();
const main = require(process.argv[1]).main;
const loaded = process.hrtime.bigint();
main(JSON.parse(process.argv[2])).then((result) => {
  const done = process.hrtime.bigint();
  const ok = result !== null && typeof result === 'object' && (result.ok === true || result.errCode === 0);
  process.stdout.write('\\n' + JSON.stringify({ ok, requireMs: Number(loaded - started) / 1e6, loadAndCallMs: Number(done - started) / 1e6 }));
  process.exit(ok ? 0 : 3);
});
`;

interface Sample {
  requireMs: number;
  loadAndCallMs: number;
  processMs: number;
}

function runOnce(binary: string, file: string, env: Record<string, string | undefined>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(binary, ['-e', CHILD_SCRIPT, file, JSON.stringify(benchEvent({ labelBytes: 10 * 1024 }))], {
      // The longest deadline: a starved machine must make the first call slow, not failed (the docs' example has none).
      env: { ...process.env, ...env, WAYBILL_DEADLINE_MS: String(MAX_DEADLINE_MS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const processMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`cold start of ${file} on ${binary} exited ${code}: ${out} ${err}`));
      // The function's own log line comes first: the timings are the last line.
      else resolve({ ...(JSON.parse(out.trim().split('\n').pop() ?? '') as Omit<Sample, 'processMs'>), processMs });
    });
  });
}

/** `env` points the SDK at the emulator, with an admin caller. */
export async function measureColdStart(
  runtimes: readonly NodeRuntime[],
  runs: number,
  env: Record<string, string | undefined>,
): Promise<ColdStartRuntime[]> {
  const functions = { docsExample: DOCS_EXAMPLE_FUNCTION, ours: BUILT_FUNCTION } as const;
  const names = ['docsExample', 'ours'] as const;
  const samples = runtimes.map(() => ({ docsExample: [] as Sample[], ours: [] as Sample[] }));
  for (const runtime of runtimes) await runOnce(runtime.binary, functions.ours, env); // fill the OS file cache first
  for (let round = 0; round < runs; round++) {
    for (const [r, runtime] of runtimes.entries()) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        samples[r][name].push(await runOnce(runtime.binary, functions[name], env));
      }
    }
  }
  return runtimes.map((runtime, r) => {
    const row = (name: (typeof names)[number]): ColdStartRow => ({
      runtime: runtime.name,
      function: name,
      loadAndCallMs: spread(samples[r][name].map((s) => s.loadAndCallMs)),
      requireMs: spread(samples[r][name].map((s) => s.requireMs)),
      processMs: spread(samples[r][name].map((s) => s.processMs)),
    });
    const docsExample = row('docsExample');
    const ours = row('ours');
    return {
      runtime: runtime.name,
      docsExample,
      ours,
      ratio: ours.loadAndCallMs.median / docsExample.loadAndCallMs.median,
      processRatio: ours.processMs.median / docsExample.processMs.median,
    };
  });
}
