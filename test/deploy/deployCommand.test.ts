// The command a user types, spawned for real with a guard that ends the process
// if it loads miniprogram-ci, opens a network connection or starts npm.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/projectCopy';

const GUARD = join(REPO_ROOT, 'test', 'support', 'offlineGuard.cjs');

function guardedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${GUARD}`, npm_config_update_notifier: 'false' };
  for (const name of ['WX_APPID', 'WX_CLOUD_ENV', 'WX_PRIVATE_KEY_PATH']) delete env[name];
  return env;
}
const npmRunDeploy = (...args: string[]) =>
  spawnSync('npm', ['run', 'deploy', '--', ...args], { cwd: REPO_ROOT, env: guardedEnv(), encoding: 'utf8' });

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'deploy-command-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('`npm run deploy -- --dry-run` passes on the repository, lists the three files of each function, and stays offline', () => {
  const run = npmRunDeploy('--dry-run');
  expect(run.stderr).not.toContain('OFFLINE-GUARD');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('✓ built cloudfunctions/getWaybill/index.js from src/');
  expect(run.stdout).toContain('✓ the folder holds only index.js, package.json, config.json and src/');
  expect(run.stdout).toContain('✓ config.json grants logistics.getOrder and logistics.getPath');
  expect(run.stdout).toContain('✓ built cloudfunctions/waybillPush/index.js from src/');
  expect(run.stdout).toContain('✓ config.json grants logistics.getPath');
  const listed = run.stdout.match(/^\s+[\d.]+ [KM]?B {2}\S+$/gm)?.map((line) => line.trim().split(/\s+/).pop());
  expect(listed).toEqual(['index.js', 'package.json', 'config.json', 'index.js', 'package.json', 'config.json']);
  expect(run.stdout).toContain('Dry run passed');
});

test('`npm run deploy` with no settings names each one, without starting npm, loading miniprogram-ci or touching the network', () => {
  // An empty settings file, so a developer's own deploy.config.json is never used here.
  const emptyConfig = join(scratch, 'empty.json');
  writeFileSync(emptyConfig, '{}');
  const run = npmRunDeploy('--config', emptyConfig);
  expect(run.stderr).not.toContain('OFFLINE-GUARD');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('WX_APPID is not set');
  expect(run.stderr).toContain('WX_CLOUD_ENV is not set');
  expect(run.stderr).toContain('WX_PRIVATE_KEY_PATH is not set');
  expect(run.stderr).toContain('IP whitelist');
  expect(run.stdout).not.toContain('built');
});

test('a --config file that does not exist is named as missing, not read as "not set"', () => {
  const missing = join(scratch, 'missing.json');
  const run = npmRunDeploy('--config', missing);
  expect(run.stderr).not.toContain('OFFLINE-GUARD');
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`${missing} does not exist`);
  expect(run.stderr).not.toContain('is not set');
});

describe('the guard itself works', () => {
  const guarded = (code: string) => spawnSync(process.execPath, ['-e', code], { cwd: REPO_ROOT, env: guardedEnv(), encoding: 'utf8' });

  test('a command that loads miniprogram-ci, by name or by path, is stopped', () => {
    for (const request of ['miniprogram-ci', '/anywhere/node_modules/miniprogram-ci/dist/index.js']) {
      const run = guarded(`require(${JSON.stringify(request)})`);
      expect(run.status).toBe(97);
      expect(run.stderr).toContain(`OFFLINE-GUARD: loaded ${request}`);
    }
  });

  test('a command that opens a TCP connection is stopped before it connects', () => {
    const run = guarded("require('node:net').connect(9, '127.0.0.1')");
    expect(run.status).toBe(97);
    expect(run.stderr).toContain('OFFLINE-GUARD: network connection');
  });

  test.each([
    ['spawn', "require('node:child_process').spawn('npm', ['ci'])"],
    [
      'spawn of the npm CLI script',
      "require('node:child_process').spawn(process.execPath, ['/usr/lib/node_modules/npm/bin/npm-cli.js', 'ci'])",
    ],
    ['execSync', "require('node:child_process').execSync('npm ci --ignore-scripts')"],
    ['spawnSync', "require('node:child_process').spawnSync('npm', ['ci'])"],
    ['a shell', "require('node:child_process').exec('cd somewhere && npm ci')"],
  ])('a command that starts npm (%s) is stopped', (_how, code) => {
    const run = guarded(code);
    expect(run.status).toBe(97);
    expect(run.stderr).toContain('OFFLINE-GUARD: started npm');
  });

  test('other child processes run', () => {
    const run = guarded(
      "process.stdout.write(require('node:child_process').execFileSync(process.execPath, ['-p', '6*7'], { encoding: 'utf8' }))",
    );
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('42');
  });
});
