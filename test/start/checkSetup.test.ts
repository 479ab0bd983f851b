// scripts/checkSetup.js, which npm runs before every build (so before npm start
// and npm test): a Node older than package.json's engines, or a checkout
// without npm install, gets one line saying what to do. Under the real Node 12
// and 16 it runs in `npm run test:runtimes`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/builtFunction';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'checkSetup.js');
const { setupProblem, parseEngines, describeEngines } = require(SCRIPT) as {
  setupProblem(version: string, root: string): string | null;
  parseEngines(range: string): unknown[] | null;
  describeEngines(alternatives: unknown[]): string;
};
const ENGINES = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

test('the engines are said as a person says them', () => {
  expect(ENGINES).toBe('^20.19.0 || ^22.13.0 || >=24');
  expect(describeEngines(parseEngines(ENGINES)!)).toBe('20.19+ (22.13+, 24+)');
  expect(parseEngines('~20.1.0')).toBeNull();
});

test.each(['v20.19.0', 'v20.20.2', 'v22.13.0', 'v22.20.1', 'v24.0.0', 'v25.1.0'])('Node %s is enough', (version) => {
  expect(setupProblem(version, REPO_ROOT)).toBeNull();
});

test.each(['v12.22.12', 'v16.20.2', 'v18.20.8', 'v20.18.3', 'v21.7.3', 'v22.12.0', 'v23.11.1'])(
  'Node %s is told which versions this project needs',
  (version) => {
    expect(setupProblem(version, REPO_ROOT)).toBe(
      `This project needs Node 20.19+ (22.13+, 24+); this is Node ${version} (package.json engines: ${ENGINES}). Install a newer Node, then run npm install again.`,
    );
  },
);

test('a checkout without npm install is told to run it', () => {
  const checkout = mkdtempSync(path.join(tmpdir(), 'fresh-clone-'));
  try {
    cpSync(path.join(REPO_ROOT, 'package.json'), path.join(checkout, 'package.json'));
    expect(setupProblem(process.version, checkout)).toBe(
      'Run npm install first: node_modules/ has no tsx, which builds and runs everything here.',
    );
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});

test('as a command: silent and exit 0 here; one line on stderr and exit 2 under an old Node', () => {
  const here = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
  expect([here.status, here.stdout, here.stderr]).toEqual([0, '', '']);
  // This Node, claiming to be Node 16 before the command starts: the command's own reading of process.version decides.
  const folder = mkdtempSync(path.join(tmpdir(), 'old-node-'));
  const claim = path.join(folder, 'claimNode16.js');
  writeFileSync(claim, "Object.defineProperty(process, 'version', { value: 'v16.20.2' });\n");
  const old = spawnSync(process.execPath, ['--require', claim, SCRIPT], { encoding: 'utf8' });
  rmSync(folder, { recursive: true, force: true });
  expect(old.status).toBe(2);
  expect(old.stdout).toBe('');
  expect(old.stderr).toMatch(/^This project needs Node 20\.19\+ \(22\.13\+, 24\+\); this is Node v16\.20\.2 [^\n]*\n$/);
});

test('npm runs it before every build, and so before npm start and npm test', () => {
  const { scripts } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts.prebuild).toBe('node scripts/checkSetup.js');
  expect(scripts.prestart).toMatch(/^npm run build\b/);
  expect(scripts.pretest).toMatch(/^npm run build\b/);
});
