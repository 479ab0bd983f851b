// The deploy's steps in process, with the build real (inside a copy of the
// project) and the upload tool replaced: what reaches the upload, and when the
// tool is never installed or loaded.
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FunctionNotCreated, type UploadReport, type UploadRequest, type Uploader } from '../../scripts/deploy/miniprogramCiUpload';
import { functionTypeErrors } from '../../scripts/deploy/functionTypes';
import { runDeploy, type DeployOptions } from '../../scripts/deploy/runDeploy';
import type { UploadTool } from '../../scripts/deploy/uploadTool';
import { writeFunctionBundle } from '../../scripts/functionBundle';
import { copyProject, type ProjectCopy } from '../support/projectCopy';

const APPID = 'wx0123456789abcdef';

let copy: ProjectCopy;
let keyPath: string;
beforeEach(async () => {
  copy = await copyProject();
  keyPath = join(copy.root, 'private.key');
  writeFileSync(keyPath, '-----BEGIN RSA PRIVATE KEY-----\nnot-a-real-key\n-----END RSA PRIVATE KEY-----\n');
});
afterEach(() => copy.remove());

/** An upload tool that is already installed (unless told otherwise) and counts what is asked of it. */
function fakeUploadTool(options: { installed?: boolean; install?: () => Promise<void>; upload?: Uploader } = {}) {
  const calls = { install: 0, load: 0 };
  let installed = options.installed ?? true;
  const tool: UploadTool = {
    name: 'miniprogram-ci 2.1.42',
    installSize: 'about 275 MB',
    isInstalled: () => installed,
    install: async () => {
      calls.install += 1;
      await options.install?.();
      installed = true;
    },
    load: () => {
      calls.load += 1;
      return options.upload ?? (async () => ({ filesCount: 3, packSize: 0 }));
    },
  };
  return { tool, calls };
}

interface Run {
  code: number;
  info: string[];
  problems: string[];
  built: number;
}

async function deploy(overrides: Partial<DeployOptions> = {}): Promise<Run> {
  const info: string[] = [];
  const problems: string[] = [];
  let built = 0;
  const code = await runDeploy({
    dryRun: false,
    projectRoot: copy.root,
    configFile: join(copy.root, 'deploy.config.json'),
    env: { WX_APPID: APPID, WX_CLOUD_ENV: 'cloud1-4g2abcde', WX_PRIVATE_KEY_PATH: keyPath },
    cwd: copy.root,
    typeErrors: async () => [],
    buildFunction: async (functionDir) => {
      built += 1;
      await writeFunctionBundle(functionDir);
    },
    uploadTool: fakeUploadTool().tool,
    out: { info: (line) => info.push(line), problem: (line) => problems.push(line) },
    ...overrides,
  });
  return { code, info, problems, built };
}

test('a real deploy with a setting missing stops before building and never installs or loads the upload tool', async () => {
  const { tool, calls } = fakeUploadTool({ installed: false });
  const run = await deploy({ env: { WX_APPID: APPID, WX_PRIVATE_KEY_PATH: keyPath }, uploadTool: tool });
  expect(run.code).toBe(1);
  expect(run.problems.join('\n')).toContain('WX_CLOUD_ENV is not set');
  expect(run.problems.join('\n')).not.toContain('WX_APPID is not set');
  expect(run.built).toBe(0);
  expect(calls).toEqual({ install: 0, load: 0 });
});

test('a real deploy uploads exactly index.js, package.json and config.json, from a staging folder it then removes', async () => {
  const seen: { request?: UploadRequest; files?: Record<string, string> } = {};
  const upload = async (request: UploadRequest): Promise<UploadReport> => {
    seen.request = request;
    seen.files = Object.fromEntries(
      readdirSync(request.stagedDir).map((name) => [name, readFileSync(join(request.stagedDir, name), 'utf8')]),
    );
    return { filesCount: 3, packSize: 9000 };
  };
  const run = await deploy({ uploadTool: fakeUploadTool({ upload }).tool });
  expect(run.code).toBe(0);
  expect(seen.request).toMatchObject({
    functionName: 'getWaybill',
    projectRoot: copy.root,
    settings: { appid: APPID, cloudEnv: 'cloud1-4g2abcde', privateKeyPath: keyPath },
  });
  const source = (name: string): string => readFileSync(join(copy.functionDir, name), 'utf8');
  expect(seen.files).toEqual({
    'config.json': source('config.json'),
    'index.js': source('index.js'),
    'package.json': source('package.json'),
  });
  expect(existsSync(seen.request!.stagedDir)).toBe(false);
  expect(run.info).toContain('✓ built cloudfunctions/getWaybill/index.js from src/');
  expect(run.info).toContain('Deployed getWaybill to cloud1-4g2abcde: 3 files, 8.8 KB zipped.');
});

test('stray files in the function folder stop a real deploy: nothing is uploaded, the upload tool is not even installed', async () => {
  writeFileSync(join(copy.functionDir, 'deploy.config.json'), '{}');
  mkdirSync(join(copy.functionDir, 'node_modules'));
  const { tool, calls } = fakeUploadTool({ installed: false });
  const run = await deploy({ uploadTool: tool });
  expect(run.code).toBe(1);
  expect(run.problems.join('\n')).toContain('cloudfunctions/getWaybill/deploy.config.json may hold a secret');
  expect(run.problems.join('\n')).toContain('cloudfunctions/getWaybill/node_modules/ is not part of the function');
  expect(run.problems.join('\n')).toContain('Not uploaded: 2 problem(s)');
  expect(calls).toEqual({ install: 0, load: 0 });
});

test('a dry run fails on stray files, naming each, dotfiles and folders included', async () => {
  for (const name of ['private.wx0123456789abcdef.key', 'deploy.config.json', 'label-SF_ORDER_0001.html', '.env']) {
    writeFileSync(join(copy.functionDir, name), 'x');
  }
  mkdirSync(join(copy.functionDir, 'node_modules'));
  const run = await deploy({ dryRun: true, env: {} });
  expect(run.code).toBe(1);
  for (const name of ['private.wx0123456789abcdef.key', 'deploy.config.json', 'label-SF_ORDER_0001.html', '.env', 'node_modules/']) {
    expect(run.problems).toContainEqual(expect.stringContaining(`✗ cloudfunctions/getWaybill/${name} `));
  }
  expect(run.problems).toContain('Dry run: 5 problem(s) would break the deploy. Fix them and run `npm run deploy -- --dry-run` again.');
  expect(run.info.join('\n')).not.toContain('Would upload');
});

test('a real deploy is refused when a check fails, and the upload tool is never installed', async () => {
  writeFileSync(join(copy.functionDir, 'config.json'), '{"permissions": {"openapi": ["logistics.getOrder"]}}');
  const { tool, calls } = fakeUploadTool({ installed: false });
  const run = await deploy({ uploadTool: tool });
  expect(run.code).toBe(1);
  expect(run.problems.join('\n')).toContain('does not grant "logistics.getPath"');
  expect(run.problems.join('\n')).toContain('Not uploaded');
  expect(calls).toEqual({ install: 0, load: 0 });
});

test('the deploy builds first, so an index.js older than src/ is rebuilt and uploaded fresh', async () => {
  writeFileSync(join(copy.functionDir, 'index.js'), '// stale\n');
  const run = await deploy();
  expect(run.code).toBe(0);
  expect(readFileSync(join(copy.functionDir, 'index.js'), 'utf8')).not.toBe('// stale\n');
});

describe('a build error stops the deploy at once', () => {
  beforeEach(() => appendFileSync(join(copy.functionDir, 'src', 'index.ts'), '\nexport const broken = ;\n'));

  test.each([
    ['a dry run', true],
    ['a real deploy', false],
  ])("%s prints esbuild's error with its place and exits 1, checking nothing", async (_name, dryRun) => {
    const { tool, calls } = fakeUploadTool({ installed: false });
    const run = await deploy({ dryRun, uploadTool: tool });
    expect(run.code).toBe(1);
    expect(run.problems[0]).toMatch(/^✗ cloudfunctions\/getWaybill\/src does not build, so nothing was checked/);
    expect(run.problems[1]).toMatch(/^ {2}cloudfunctions\/getWaybill\/src\/index\.ts:\d+:\d+: Unexpected ";"$/);
    expect(run.info.join('\n')).not.toContain('✓');
    expect(calls).toEqual({ install: 0, load: 0 });
  });
});

describe('a type error, which the build lets through, fails the deploy', () => {
  beforeEach(() => appendFileSync(join(copy.functionDir, 'src', 'index.ts'), "\nexport const count: number = 'three';\n"));

  test.each([
    ['a dry run', true],
    ['a real deploy', false],
  ])(
    '%s names the error with its place, exits 1 and uploads nothing',
    async (_name, dryRun) => {
      const { tool, calls } = fakeUploadTool({ installed: false });
      const run = await deploy({ dryRun, uploadTool: tool, typeErrors: async (functionDir) => functionTypeErrors(functionDir) });
      expect(run.code).toBe(1);
      expect(run.info).toContain('✓ built cloudfunctions/getWaybill/index.js from src/');
      expect(run.problems[0]).toBe('✗ cloudfunctions/getWaybill/src has type errors (the build strips types without checking them):');
      expect(run.problems[1]).toMatch(
        /^ {2}cloudfunctions\/getWaybill\/src\/index\.ts:\d+:14: Type 'string' is not assignable to type 'number'\.$/,
      );
      expect(run.problems.join('\n')).toContain('1 problem(s)');
      expect(calls).toEqual({ install: 0, load: 0 });
    },
    60_000,
  );
});

test('the sources as committed type-check', async () => {
  expect(functionTypeErrors(copy.functionDir)).toEqual([]);
}, 60_000);

test('sources without their tsconfig.json are not taken as checked', () => {
  rmSync(join(copy.functionDir, 'src', 'tsconfig.json'));
  expect(functionTypeErrors(copy.functionDir)).toEqual([
    expect.stringContaining('src/tsconfig.json is missing, so the sources cannot be type-checked'),
  ]);
});

test('a build failure that is not a compile error is printed with its message', async () => {
  const run = await deploy({
    dryRun: true,
    buildFunction: async () => {
      throw new Error('EACCES: permission denied, rename index.js');
    },
  });
  expect(run.code).toBe(1);
  expect(run.problems).toContain('  EACCES: permission denied, rename index.js');
});

test('the first real deploy installs the upload tool, saying so, before uploading', async () => {
  const { tool, calls } = fakeUploadTool({ installed: false });
  const run = await deploy({ uploadTool: tool });
  expect(run.code).toBe(0);
  expect(run.info).toContain('Installing the upload tool miniprogram-ci 2.1.42 (first deploy only, about 275 MB)...');
  expect(calls).toEqual({ install: 1, load: 1 });
});

test('an upload tool that cannot be installed exits 1, saying the npm registry is needed, and uploads nothing', async () => {
  const { tool, calls } = fakeUploadTool({
    installed: false,
    install: async () => {
      throw new Error('npm ci exited with code 1:\nnpm error code ENOTFOUND');
    },
  });
  const run = await deploy({ uploadTool: tool });
  expect(run.code).toBe(1);
  expect(run.problems[0]).toBe(
    '✗ Could not install the upload tool miniprogram-ci 2.1.42: npm ci exited with code 1:\nnpm error code ENOTFOUND',
  );
  expect(run.problems[1]).toContain('from the npm registry');
  expect(run.problems[1]).toContain('Nothing was uploaded');
  expect(calls.load).toBe(0);
});

test('an upload failure exits non-zero with its message and the usual causes', async () => {
  const upload: Uploader = async () => {
    throw new Error('invalid ip: 203.0.113.7');
  };
  const run = await deploy({ uploadTool: fakeUploadTool({ upload }).tool });
  expect(run.code).toBe(1);
  expect(run.problems).toContain('Upload of getWaybill failed: invalid ip: 203.0.113.7');
  expect(run.problems.join('\n')).toContain('IP whitelist');
});

test('a dry run lists the three files and passes without any setting, never touching the upload tool', async () => {
  const { tool, calls } = fakeUploadTool({ installed: false });
  const run = await deploy({ dryRun: true, env: {}, uploadTool: tool });
  expect(run.code).toBe(0);
  const listed = run.info.filter((line) => /^\s+\S+ [KM]?B {2}\S+$/.test(line)).map((line) => line.trim().split(/\s+/).pop());
  expect(listed).toEqual(['index.js', 'package.json', 'config.json']);
  expect(run.info.join('\n')).toContain('A real deploy also needs these settings');
  expect(calls).toEqual({ install: 0, load: 0 });
});

test('a dry run fails on a defect the build does not repair, naming it', async () => {
  writeFileSync(join(copy.functionDir, 'index.ts'), 'export {};\n');
  const run = await deploy({ dryRun: true });
  expect(run.code).toBe(1);
  expect(run.problems.join('\n')).toContain('cloudfunctions/getWaybill/index.ts is TypeScript outside src/');
});

test('every function folder under cloudfunctions/ is built and checked: a stray in a second function fails the dry run', async () => {
  const second = join(copy.root, 'cloudfunctions', 'waybillPush');
  cpSync(copy.functionDir, second, { recursive: true });
  writeFileSync(join(second, 'src', '.env'), 'WX_APPSECRET=x\n');
  const run = await deploy({ dryRun: true, env: {} });
  expect(run.code).toBe(1);
  expect(run.built).toBe(2);
  expect(run.info).toContain('✓ built cloudfunctions/waybillPush/index.js from src/');
  expect(run.problems).toContainEqual(expect.stringContaining('✗ cloudfunctions/waybillPush/src/.env may hold a secret'));
  expect(run.problems).toContain('Dry run: 1 problem(s) would break the deploy. Fix them and run `npm run deploy -- --dry-run` again.');

  rmSync(join(second, 'src', '.env'));
  const passed = await deploy({ dryRun: true, env: {} });
  expect(passed.code).toBe(0);
  expect(passed.info).toContain(
    'Would upload cloudfunctions/waybillPush as "waybillPush" to the cloud environment, nothing to install in the cloud:',
  );
});

test('a function missing from the environment is not created: the deploy says to create it from DevTools, and why', async () => {
  const upload = async (): Promise<UploadReport> => Promise.reject(new FunctionNotCreated('getWaybill', 'cloud1-4g2abcde'));
  const run = await deploy({ uploadTool: fakeUploadTool({ upload }).tool });
  expect(run.code).toBe(1);
  expect(run.problems[0]).toBe('✗ Not uploaded: getWaybill does not exist in environment cloud1-4g2abcde.');
  expect(run.problems[1]).toContain('create it once from WeChat DevTools: right-click cloudfunctions/getWaybill -> 上传并部署：所有文件');
  expect(run.problems[1]).toContain('miniprogram-ci would create it on Node.js 8.9');
});
