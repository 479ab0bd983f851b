// Installing the upload tool, with the real npm and a stand-in for miniprogram-ci:
// a local folder package, so `npm ci` needs no registry. The first real deploy
// installs it and uploads through it; later deploys reuse it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploy } from '../../scripts/deploy/runDeploy';
import { createUploadTool, npmErrorSummary, runNpm, type RunNpm } from '../../scripts/deploy/uploadTool';
import { writeFunctionBundle } from '../../scripts/functionBundle';
import { copyProject, type ProjectCopy } from '../support/projectCopy';

// Records what it was given next to itself and answers as miniprogram-ci's uploadFunction does.
const STAND_IN = `
const { readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
class Project { constructor(options) { this.options = options; } }
async function uploadFunction({ project, ...rest }) {
  const files = readdirSync(rest.path).sort();
  writeFileSync(join(__dirname, 'calls.json'), JSON.stringify({ project: project.options, upload: rest, files }));
  return { filesCount: files.length, packSize: files.reduce((sum, name) => sum + statSync(join(rest.path, name)).size, 0) };
}
module.exports = { Project, cloud: { uploadFunction } };
`;
// miniprogram-ci's internal cloud API client, answering that the function exists on Node.js 16.
const CLOUD_CLIENT_STAND_IN = `
exports.initCloudAPI = () => undefined;
exports.get3rdCloudCodeSecret = async () => undefined;
exports.boundTransactRequest = () => undefined;
`;
const CLOUD_API_STAND_IN = `
exports.TransactType = { IDE: 4 };
exports.scfGetFunctionInfo = async () => ({ runtime: 'Nodejs16.13', status: 'Active' });
`;

let scratch: string;
let uploaderDir: string;
let copy: ProjectCopy;
let keyPath: string;
beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'upload-tool-'));
  uploaderDir = join(scratch, 'uploader');
  mkdirSync(join(uploaderDir, 'stand-in'), { recursive: true });
  writeFileSync(
    join(uploaderDir, 'stand-in', 'package.json'),
    JSON.stringify({ name: 'miniprogram-ci', version: '2.1.42', main: 'index.js' }),
  );
  writeFileSync(join(uploaderDir, 'stand-in', 'index.js'), STAND_IN);
  mkdirSync(join(uploaderDir, 'stand-in', 'dist', 'ci', 'cloud'), { recursive: true });
  mkdirSync(join(uploaderDir, 'stand-in', 'dist', 'common', 'cloud-api'), { recursive: true });
  writeFileSync(join(uploaderDir, 'stand-in', 'dist', 'ci', 'cloud', 'cloudapi.js'), CLOUD_CLIENT_STAND_IN);
  writeFileSync(join(uploaderDir, 'stand-in', 'dist', 'common', 'cloud-api', 'index.js'), CLOUD_API_STAND_IN);
  const dependencies = { 'miniprogram-ci': 'file:stand-in' };
  writeFileSync(join(uploaderDir, 'package.json'), JSON.stringify({ name: 'uploader', version: '1.0.0', private: true, dependencies }));
  writeFileSync(
    join(uploaderDir, 'package-lock.json'),
    JSON.stringify({
      name: 'uploader',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'uploader', version: '1.0.0', dependencies },
        'node_modules/miniprogram-ci': { resolved: 'stand-in', link: true },
        'stand-in': { name: 'miniprogram-ci', version: '2.1.42' },
      },
    }),
  );
  copy = await copyProject();
  keyPath = join(scratch, 'private.key');
  writeFileSync(keyPath, '-----BEGIN RSA PRIVATE KEY-----\nnot-a-real-key\n-----END RSA PRIVATE KEY-----\n');
});
afterEach(() => {
  copy.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** The real npm, counted. */
function countedNpm(): { npm: RunNpm; runs: string[][] } {
  const runs: string[][] = [];
  return {
    runs,
    npm: async (args, cwd) => {
      runs.push(args);
      await runNpm(args, cwd);
    },
  };
}

async function realDeploy(npm: RunNpm): Promise<{ code: number; info: string[]; problems: string[] }> {
  const info: string[] = [];
  const problems: string[] = [];
  const code = await runDeploy({
    dryRun: false,
    projectRoot: copy.root,
    configFile: join(copy.root, 'deploy.config.json'),
    env: { WX_APPID: 'wx0123456789abcdef', WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: keyPath },
    cwd: copy.root,
    typeErrors: async () => [],
    buildFunction: async (functionDir) => {
      await writeFunctionBundle(functionDir);
    },
    uploadTool: createUploadTool(uploaderDir, npm),
    out: { info: (line) => info.push(line), problem: (line) => problems.push(line) },
  });
  return { code, info, problems };
}

test('the first real deploy installs the tool with npm ci and uploads through it; the next one reuses it', async () => {
  const { npm, runs } = countedNpm();
  const first = await realDeploy(npm);
  expect(first.problems).toEqual([]);
  expect(first.code).toBe(0);
  expect(first.info).toContain('Installing the upload tool miniprogram-ci file:stand-in (first deploy only, about 275 MB)...');
  expect(runs).toEqual([['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier']]);
  const calls = JSON.parse(readFileSync(join(uploaderDir, 'stand-in', 'calls.json'), 'utf8'));
  expect(calls).toMatchObject({
    project: { appid: 'wx0123456789abcdef', type: 'miniProgram', projectPath: copy.root, privateKeyPath: keyPath },
    upload: { env: 'cloud1-4g2abcde', name: 'getWaybill' },
    files: ['config.json', 'index.js', 'package.json'],
  });

  const second = await realDeploy(npm);
  expect(second.code).toBe(0);
  expect(second.info.join('\n')).not.toContain('Installing');
  expect(runs).toHaveLength(1);
  expect(second.info).toContainEqual(expect.stringMatching(/^Deployed getWaybill to cloud1-4g2abcde: 3 files, /));
});

test('an install that fails exits 1 with npm’s own words, and the next deploy tries again', async () => {
  // A package.json out of step with its lock: npm ci refuses at once, without the network.
  writeFileSync(
    join(uploaderDir, 'package.json'),
    JSON.stringify({ name: 'uploader', version: '1.0.0', private: true, dependencies: { 'miniprogram-ci': 'file:elsewhere' } }),
  );
  const { npm, runs } = countedNpm();
  const first = await realDeploy(npm);
  expect(first.code).toBe(1);
  expect(first.problems[0]).toMatch(
    /^✗ Could not install the upload tool miniprogram-ci file:elsewhere: npm ci exited with code 1:\nnpm error code EUSAGE/,
  );
  expect(first.problems[1]).toContain('from the npm registry');
  expect(first.problems.join('\n')).not.toContain('Usage:');
  await realDeploy(npm);
  expect(runs).toHaveLength(2);
});

test('a changed lock file (a new miniprogram-ci) is installed again', async () => {
  const tool = createUploadTool(uploaderDir, runNpm);
  expect(tool.isInstalled()).toBe(false);
  await tool.install();
  expect(tool.isInstalled()).toBe(true);
  const lock = join(uploaderDir, 'package-lock.json');
  writeFileSync(lock, readFileSync(lock, 'utf8') + '\n');
  expect(tool.isInstalled()).toBe(false);
});

test("npm's failure is summed up by its error lines and its log, not its usage text", () => {
  const output = [
    'npm error code ENOTFOUND',
    'npm error syscall getaddrinfo',
    'npm error network request to https://registry.npmjs.org/miniprogram-ci failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
    'npm error network This is a problem related to network connectivity.',
    'npm error',
    'npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log',
  ].join('\n');
  expect(npmErrorSummary(output)).toBe(
    [
      'npm error code ENOTFOUND',
      'npm error syscall getaddrinfo',
      'npm error network request to https://registry.npmjs.org/miniprogram-ci failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org',
      'npm error network This is a problem related to network connectivity.',
      'npm error A complete log of this run can be found in: /root/.npm/_logs/debug-0.log',
    ].join('\n'),
  );
});
