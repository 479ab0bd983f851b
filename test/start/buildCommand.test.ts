// npm run build (the first step of npm start and npm test) on sources that do
// not compile: esbuild's error, with its place, printed once by the command;
// the bundle's own build stays quiet, so a test that breaks a copy on purpose
// prints nothing in a passing npm test.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyProject, REPO_ROOT, type ProjectCopy } from '../support/projectCopy';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
let copy: ProjectCopy;
beforeAll(async () => {
  copy = await copyProject();
  for (const script of ['build.ts', 'functionBundle.ts'])
    cpSync(path.join(REPO_ROOT, 'scripts', script), path.join(copy.root, 'scripts', script));
  appendFileSync(path.join(copy.functionDir, 'src', 'index.ts'), '\nexport const broken = ;\n');
});
afterAll(() => copy.remove());

test('npm run build prints the error once, with its place, and exits 1', () => {
  const run = spawnSync(TSX, [path.join(copy.root, 'scripts', 'build.ts')], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr.match(/Unexpected ";"/g)).toHaveLength(1);
  expect(run.stderr).toMatch(/cloudfunctions\/getWaybill\/src\/index\.ts:\d+:\d+:/);
});

test('writeFunctionBundle only rejects: it prints nothing of its own', () => {
  const caller = path.join(copy.root, 'scripts', 'quietBuild.ts');
  writeFileSync(
    caller,
    "import { writeFunctionBundle } from './functionBundle';\n" +
      `writeFunctionBundle(${JSON.stringify(copy.functionDir)}).then(() => process.exit(3), (error: { errors: unknown[] }) => process.exit(error.errors.length > 0 ? 0 : 4));\n`,
  );
  const run = spawnSync(TSX, [caller], { encoding: 'utf8' });
  expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
});
