// `npm run test:runtimes`: the built getWaybill against its contract cases
// (test/support/contractCases.ts) under the Node versions WeChat Cloud runs,
// 12 and 16 (from the npm registry, cached in .cache/node-runtimes/), and under
// the Node running this. The emulator answers here, in this process; the
// function runs in a child under each runtime (test/support/runtimeRunner.cjs)
// and reaches it over 127.0.0.1. Prints a table; exits 1 on any failure.
// A test runner, so it lives with the tests whose cases it runs (scripts never
// import from test/).
import { spawn, spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { startEmulatorServer } from '../../emulator/emulatorServer';
import { ensureNodeRuntime } from '../../scripts/nodeRuntimes';
import { functionEnv } from '../support/bundleHarness';
import { BUILT_FUNCTION, REPO_ROOT } from '../support/builtFunction';
import { caseRouter, checkCase, CONTRACT_CASES, type ContractCase } from '../support/contractCases';

const RUNNER = join(REPO_ROOT, 'test', 'support', 'runtimeRunner.cjs');
const CACHE_DIR = join(REPO_ROOT, '.cache', 'node-runtimes');
/** Far beyond any case (the longest deadline is 10 s): only a runtime that hangs gets here. */
const RUNNER_TIMEOUT_MS = 120_000;

export interface RuntimeReport {
  /** process.version as the runtime reported it; undefined when it reported nothing. */
  node: string | undefined;
  /** Why no case could run (the bundle did not load, the runner broke); every case has failed. */
  broken?: string;
  /** In the order given; `problem` says why a case failed. */
  cases: Array<{ name: string; problem?: string }>;
}

interface RunnerReport {
  node: string;
  loadError: string | null;
  results: Array<{ name: string; result?: unknown; rejected?: string; logs: string[] }>;
}

/** JSON drops undefined: the runner removes a variable given as null. */
const nullForUnset = (env: Record<string, string | undefined>): Record<string, string | null> =>
  Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value ?? null]));

function runChild(file: string, args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: RUNNER_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined); // a runtime that dies at once closes the pipe; its exit and stderr say why
    child.stdin.end(input);
  });
}

/** Runs the cases on `bundle` under the Node at `nodeBinary`, with an emulator of its own, and checks each outcome. */
export async function runCasesUnder(nodeBinary: string, bundle: string, cases: readonly ContractCase[]): Promise<RuntimeReport> {
  const router = caseRouter(cases);
  const server = await startEmulatorServer({ answer: (call) => router.answer(call) });
  try {
    const spec = {
      loadEnv: nullForUnset(server.cloudEnv({ openid: undefined })),
      cases: cases.map((contractCase) => ({
        name: contractCase.name,
        env: nullForUnset(functionEnv(server, contractCase.options)),
        event: contractCase.event,
        revokedProxyEvent: contractCase.revokedProxyEvent,
      })),
    };
    const child = await runChild(nodeBinary, [RUNNER, bundle], JSON.stringify(spec));
    const brokenWith = (why: string): RuntimeReport => ({
      node: undefined,
      broken: why,
      cases: cases.map(({ name }) => ({ name, problem: 'not run' })),
    });
    let report: RunnerReport;
    try {
      report = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as RunnerReport;
    } catch {
      return brokenWith(`the runner ended (exit ${String(child.code)}) without a report\n${child.stderr}`.trim());
    }
    if (report.loadError !== null) return { ...brokenWith(`the bundle did not load: ${report.loadError}`), node: report.node };
    return {
      node: report.node,
      cases: cases.map((contractCase, i) => {
        const ran = report.results[i];
        let problem: string | undefined;
        if (ran === undefined || ran.name !== contractCase.name) problem = 'no result';
        else if (ran.rejected !== undefined) problem = `main rejected: ${ran.rejected}`;
        else {
          try {
            checkCase(contractCase, { result: ran.result, logs: ran.logs, calls: router.callsOf(contractCase, server.calls) });
          } catch (error) {
            // The log says where an INTERNAL came from; it has just been checked to name no person.
            problem = `${(error as Error).message}\nlogged:\n${ran.logs.join('\n')}`;
          }
        }
        return problem === undefined ? { name: contractCase.name } : { name: contractCase.name, problem };
      }),
    };
  } finally {
    await server.close();
  }
}

/** Runtime columns, then the case: pass/FAIL per runtime, the node version under each heading. */
function printTable(runs: ReadonlyArray<{ label: string; report: RuntimeReport }>, cases: readonly ContractCase[]): void {
  const width = Math.max(...runs.map(({ label, report }) => Math.max(label.length, (report.node ?? '?').length))) + 2;
  const row = (cells: string[], tail: string): string => (cells.map((cell) => cell.padEnd(width)).join('') + tail).trimEnd();
  console.log(
    row(
      runs.map((run) => run.label),
      '',
    ),
  );
  console.log(
    row(
      runs.map((run) => run.report.node ?? '?'),
      '',
    ),
  );
  cases.forEach((contractCase, i) => {
    console.log(
      row(
        runs.map((run) => (run.report.cases[i]?.problem === undefined ? 'pass' : 'FAIL')),
        contractCase.name,
      ),
    );
  });
  for (const { label, report } of runs) {
    if (report.broken !== undefined) console.log(`\n${label}: ${report.broken}`);
    else for (const { name, problem } of report.cases) if (problem !== undefined) console.log(`\n${label} · ${name}\n${problem}`);
  }
  const results = runs.flatMap((run) => run.report.cases);
  const failed = results.filter((result) => result.problem !== undefined).length;
  console.log(`\n${cases.length} cases on ${runs.length} runtimes: ${results.length - failed} passed, ${failed} failed`);
}

async function main(): Promise<void> {
  const log = (message: string): void => console.log(message);
  const [node12, node16] = await Promise.all([ensureNodeRuntime(12, CACHE_DIR, log), ensureNodeRuntime(16, CACHE_DIR, log)]);
  console.log(`${relative(REPO_ROOT, BUILT_FUNCTION)} against its contract cases on WeChat Cloud's Node runtimes\n`);
  const runtimes = [
    { label: 'Node 12', binary: node12 },
    { label: 'Node 16', binary: node16 },
    { label: 'this Node', binary: process.execPath },
  ];
  // Each run has its own emulator and child process, so they may run at once.
  const runs = await Promise.all(
    runtimes.map(async ({ label, binary }) => ({ label, report: await runCasesUnder(binary, BUILT_FUNCTION, CONTRACT_CASES) })),
  );
  printTable(runs, CONTRACT_CASES);
  // What a newcomer on such a Node meets first (npm runs it before every build): one line saying which Node is needed.
  for (const { label, binary } of runtimes.slice(0, 2)) {
    const refusal = spawnSync(binary, [join(REPO_ROOT, 'scripts', 'checkSetup.js')], { encoding: 'utf8' });
    const refused = refusal.status === 2 && /^This project needs Node [^\n]+\n$/.test(refusal.stderr);
    console.log(
      `${label}: scripts/checkSetup.js ${refused ? 'says which Node is needed' : `FAILED (exit ${String(refusal.status)}): ${refusal.stderr}`}`,
    );
    if (!refused) process.exitCode = 1;
  }
  if (runs.some(({ report }) => report.broken !== undefined || report.cases.some((result) => result.problem !== undefined))) {
    process.exitCode = 1;
  }
}

// Run by `npm run test:runtimes`; imported by its jest test, which runs the cases under the current Node only.
if (process.argv[1] === __filename) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
