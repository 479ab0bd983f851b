// What the bundle costs: its cold start (a fresh process per run loads one function and answers its first call) and its size.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { MAX_DEADLINE_MS } from '../../cloudfunctions/getWaybill/src/settings';
import { benchEvent, benchPush } from './backend';
import { BUILT, DOCS_EXAMPLE, EXTERNAL_SDK, MINIFIED, PUSH } from './functions';
import { kib, median, ratioGoal, section, span, table, x, type Measurement } from './measurement';

const FUNCTIONS = Object.entries({
  "docs' example": DOCS_EXAMPLE,
  'getWaybill index.js': BUILT,
  'index.js minified (not uploaded)': MINIFIED,
  'waybillPush index.js (a push)': PUSH,
});

// Plain JavaScript that Node 12 parses. The function's own log line comes first: the timings are the last line.
const CHILD_SCRIPT = `const started = process.hrtime.bigint(), main = require(process.argv[1]).main, loaded = process.hrtime.bigint();
main(JSON.parse(process.argv[2])).then((result) => {
  const ms = (from, to) => Number(to - from) / 1e6;
  process.stdout.write('\\n' + JSON.stringify({ requireMs: ms(started, loaded), loadAndCallMs: ms(started, process.hrtime.bigint()) }));
  process.exit(result === 'success' || result.ok === true || result.errCode === 0 ? 0 : 3);
});`;
const EVENT = benchEvent({ labelBytes: 10 * 1024 });
let pushes = 0; // each push newer than the last, so that each is stored
const eventFor = (file: string): string => JSON.stringify(file === PUSH ? benchPush('SF1234567890', ++pushes) : EVENT);

type Sample = Record<'requireMs' | 'loadAndCallMs' | 'processMs', number>;
async function runOnce(binary: string, file: string, env: object): Promise<Sample> {
  const started = process.hrtime.bigint();
  // The longest deadline: a starved machine must make the first call slow, not failed (the docs' example has none).
  const options = { env: { ...process.env, ...env, WAYBILL_DEADLINE_MS: String(MAX_DEADLINE_MS) } };
  const { stdout } = await promisify(execFile)(binary, ['-e', CHILD_SCRIPT, file, eventFor(file)], options);
  return { ...(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Sample), processMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

export const coldStart: Measurement = async ({ quick, runtimes, cloudEnv }) => {
  const runs = quick ? 1 : 20;
  const samples = runtimes.map(() => FUNCTIONS.map((): Sample[] => []));
  for (const runtime of runtimes) await runOnce(runtime.binary, BUILT, cloudEnv); // fills the OS file cache
  for (let round = 0; round < runs; round++)
    for (const [r, { binary }] of runtimes.entries())
      for (const f of round % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0]) samples[r][f].push(await runOnce(binary, FUNCTIONS[f][1], cloudEnv));
  const rows = runtimes.flatMap(({ name }, r) =>
    FUNCTIONS.map(([fnName], f) => {
      const of = (key: keyof Sample): number[] => samples[r][f].map((sample) => sample[key]);
      const ratio = (key: keyof Sample): number => median(of(key)) / median(samples[r][0].map((sample) => sample[key]));
      const cells = `${name} | ${fnName} | ${span(of('loadAndCallMs'))} | ${span(of('requireMs'))} | ${span(of('processMs'))}`;
      return { name, f, ratio: ratio('loadAndCallMs'), cells: `${cells} | ${x(ratio('loadAndCallMs'))} | ${x(ratio('processMs'))}` };
    }),
  );
  const [thisNode, ...older] = rows.filter((row) => row.f === 1);
  const minified = rows.filter((row) => row.f === 2).map((row, i) => `${row.name} ${x(row.ratio / rows[i * FUNCTIONS.length + 1].ratio)}`);
  return section(
    'Cold start',
    [
      ratioGoal(`cold start, load + first call vs docs' example, ${thisNode.name}`, thisNode.ratio, 0.8),
      ratioGoal(`cold start, waybillPush: load + first push vs docs' example, ${thisNode.name}`, rows[3].ratio, 0.8),
      ...older.map((row) => ({ measure: `cold start, the same, ${row.name}`, goal: '', result: x(row.ratio), figure: row.ratio })),
    ],
    `A fresh process per run on each runtime (${runtimes.map((r) => r.name).join(', ')}) requires one function with the cloud's environment (TENCENTCLOUD_RUNENV=SCF, the service endpoint being the emulator on 127.0.0.1) and answers its first call: a getOrder with a 10 KB label, or for waybillPush an add_express_path push (getPath asked, the track stored in the database); ${runs} runs of each, the functions taking turns. "load + call" and "require" are the child's own timings; "process" is spawn to exit, seen by the parent (Node's own boot included). Milliseconds, median (p25–p75); ratios against the docs' example on the same runtime.`,
    table('runtime | function | load + call ms | require ms | process ms | load + call ratio | process ratio', rows),
    'wx-server-sdk inlined into one index.js loads one file instead of resolving and reading a few hundred through node_modules; the first call then costs about the same for both. Node 12 and 16 are the binaries `--node` names, or by default those `npm run test:runtimes` fetches from the npm registry (cached in `.cache/`).',
    `The upload is not minified. Minified load + call over plain: ${minified.join(', ')}. The smaller file (see Bundle size) buys nothing, since the upload is one file either way and the cloud installs nothing, and the plain bundle keeps real names in the stack trace that the log line of a call that met a bug carries.`,
  );
};

const FILES = [
  { name: 'cloudfunctions/getWaybill/index.js (uploaded: our code + wx-server-sdk inlined, not minified)', file: BUILT },
  { name: 'the same minified (bench-only, not uploaded)', file: MINIFIED },
  { name: 'our code alone (the same build with wx-server-sdk external, bench-only)', file: EXTERNAL_SDK },
];

export const bundleSize: Measurement = async () => {
  const sizes = FILES.map(({ file }) => readFileSync(file)).map((bytes) => [bytes.length, gzipSync(bytes, { level: 9 }).length]);
  const [rows, [uploaded]] = [FILES.map(({ name }, i) => `${name} | ${sizes[i].join(' | ')}`), sizes];
  const result = `${kib(uploaded[0])} (gzip ${kib(uploaded[1])})`;
  return section(
    'Bundle size',
    [{ measure: 'bundle size, index.js', goal: '', result, figure: uploaded[0] }],
    'The bundle inlines wx-server-sdk and everything it loads (esbuild, `target: node12`, scripts/functionBundle.ts); the cold start shows how the minified one loads.',
    table('file | bytes | gzip -9', rows),
  );
};
