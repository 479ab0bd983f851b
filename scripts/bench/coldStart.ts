// Cold start: a fresh process loads one function and answers its first call
// (its SDK posting to the emulator, as in the cloud). The child times its own
// require() and first call, which is what a function can change; the parent
// also times spawn to exit (Node's boot is the runtime's). On every runtime the
// functions take turns, the order reversed every round.
import { spawn } from 'node:child_process';
import { MAX_DEADLINE_MS } from '../../cloudfunctions/getWaybill/src/config';
import { benchEvent } from './backend';
import { BUILT, DOCS_EXAMPLE, MINIFIED } from './functions';
import { median, ratioGoal, span, spread, table, x, type Measurement, type Spread } from './measurement';

const FUNCTIONS = [
  { name: "docs' example", file: DOCS_EXAMPLE },
  { name: 'getWaybill index.js', file: BUILT },
  { name: 'index.js minified (not uploaded)', file: MINIFIED },
];
const GOAL = 0.8;

// Plain JavaScript that Node 12 parses. The function's own log line comes first: the timings are the last line.
const CHILD_SCRIPT = `
const started = process.hrtime.bigint();
const main = require(process.argv[1]).main;
const loaded = process.hrtime.bigint();
main(JSON.parse(process.argv[2])).then((result) => {
  const ok = result !== null && typeof result === 'object' && (result.ok === true || result.errCode === 0);
  process.stdout.write('\\n' + JSON.stringify({ requireMs: Number(loaded - started) / 1e6, loadAndCallMs: Number(process.hrtime.bigint() - started) / 1e6 }));
  process.exit(ok ? 0 : 3);
});`;

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
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const processMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`cold start of ${file} on ${binary} exited ${code}: ${out}`));
      else resolve({ ...(JSON.parse(out.trim().split('\n').pop() ?? '') as Omit<Sample, 'processMs'>), processMs });
    });
  });
}

export const coldStart: Measurement = async ({ quick, runtimes, cloudEnv, step }) => {
  const runs = quick ? 1 : 20;
  step(`cold start: ${runs} runs of each function on ${runtimes.map((r) => r.name).join(', ')}`);
  const samples = runtimes.map(() => FUNCTIONS.map((): Sample[] => []));
  for (const runtime of runtimes) await runOnce(runtime.binary, BUILT, cloudEnv); // fills the OS file cache
  for (let round = 0; round < runs; round++) {
    for (const [r, runtime] of runtimes.entries()) {
      const order = FUNCTIONS.map((_, f) => f);
      for (const f of round % 2 === 0 ? order : order.reverse())
        samples[r][f].push(await runOnce(runtime.binary, FUNCTIONS[f].file, cloudEnv));
    }
  }
  const rows = runtimes.flatMap((runtime, r) =>
    FUNCTIONS.map((fn, f) => {
      const of = (key: keyof Sample): Spread => spread(samples[r][f].map((sample) => sample[key]));
      const ratio = (key: keyof Sample): number => of(key).median / median(samples[r][0].map((sample) => sample[key]));
      const cells = `${runtime.name} | ${fn.name} | ${span(of('loadAndCallMs'))} | ${span(of('requireMs'))} | ${span(of('processMs'))}`;
      return {
        runtime: runtime.name,
        f,
        ratio: ratio('loadAndCallMs'),
        cells: `${cells} | ${x(ratio('loadAndCallMs'))} | ${x(ratio('processMs'))}`,
      };
    }),
  );
  const ours = rows.filter((row) => row.f === 1);
  const minified = rows.filter((row) => row.f === 2).map((row, i) => `${row.runtime} ${x(row.ratio / ours[i].ratio)}`);
  const [thisNode, ...older] = ours;
  return {
    title: 'Cold start',
    summary: [
      ratioGoal(`cold start, load + first call vs docs' example, ${thisNode.runtime}`, thisNode.ratio, GOAL),
      ...older.map((row) => ({ measure: `cold start, the same, ${row.runtime}`, goal: '', result: x(row.ratio), figure: row.ratio })),
    ],
    body: [
      `A fresh process per run on each runtime (${runtimes.map((r) => r.name).join(', ')}) requires one function with the cloud's environment (TENCENTCLOUD_RUNENV=SCF, the service endpoint being the emulator on 127.0.0.1) and answers its first call, a getOrder with a 10 KB label; ${runs} runs of each, the functions taking turns. "load + call" and "require" are the child's own timings; "process" is spawn to exit, seen by the parent (Node's own boot included). Milliseconds, median (p25–p75); ratios against the docs' example on the same runtime.`,
      table(
        'runtime | function | load + call ms | require ms | process ms | load + call ratio | process ratio',
        rows.map((row) => row.cells),
      ),
      'wx-server-sdk inlined into one index.js loads one file instead of resolving and reading a few hundred through node_modules; the first call then costs about the same for both. Node 12 and 16 are the binaries `--node` names, or by default those `npm run test:runtimes` fetches from the npm registry (cached in `.cache/`).',
      `The upload is not minified. Minified load + call over plain: ${minified.join(', ')}; the smaller file (see Bundle size) buys nothing, since the upload is one file either way and the cloud installs nothing, and the plain bundle keeps real names in the stack trace that the log line of a call that met a bug carries.`,
    ].join('\n\n'),
  };
};
