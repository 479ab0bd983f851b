// Each deploy check on a copy of the function with one defect introduced: the
// check must name the file, say what is wrong and how to fix it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkFunctionFolder,
  checkNoTypeScriptUploaded,
  checkOpenApiPermission,
  checkPackageJson,
  type Finding,
} from '../../scripts/deploy/functionChecks';
import { listUploadFiles } from '../../scripts/deploy/uploadFiles';
import { copyProject, REPO_ROOT, type ProjectCopy } from '../support/projectCopy';

let copy: ProjectCopy;
beforeEach(async () => {
  copy = await copyProject();
});
afterEach(() => copy.remove());

const inFunction = (path: string): string => join(copy.functionDir, path);
const editJson = (path: string, edit: (json: Record<string, unknown>) => void): void => {
  const json = JSON.parse(readFileSync(inFunction(path), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(inFunction(path), JSON.stringify(json));
};
const errors = (findings: Finding[]): Finding[] => findings.filter((finding) => finding.severity === 'error');

test('the function as committed passes every check', async () => {
  expect(await checkFunctionFolder(join(REPO_ROOT, 'cloudfunctions', 'getWaybill'))).toEqual([]);
});

test('a freshly built copy passes every check, so each failure below comes from its defect alone', async () => {
  expect(await checkFunctionFolder(copy.functionDir)).toEqual([]);
});

describe('no TypeScript uploaded', () => {
  test('an index.ts next to index.js is reported, with the move to src/', async () => {
    writeFileSync(inFunction('index.ts'), 'export {};\n');
    const [finding, ...rest] = await checkNoTypeScriptUploaded(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain("cloudfunctions/getWaybill/index.ts is TypeScript at the function's root");
    expect(finding!.fix).toContain('src/');
  });

  test('a declaration file at the root counts too', async () => {
    writeFileSync(inFunction('types.d.ts'), 'export {};\n');
    expect(errors(await checkNoTypeScriptUploaded(copy.functionDir))).toHaveLength(1);
  });

  test('TypeScript in another uploaded folder is reported', async () => {
    mkdirSync(inFunction('lib'));
    writeFileSync(inFunction('lib/extra.ts'), 'export {};\n');
    const [finding] = await checkNoTypeScriptUploaded(copy.functionDir);
    expect(finding!.problem).toContain('cloudfunctions/getWaybill/lib/extra.ts is TypeScript outside src/');
  });
});

describe('package.json', () => {
  test('"main" must be index.js', async () => {
    editJson('package.json', (json) => (json['main'] = 'src/index.ts'));
    const [finding] = await checkPackageJson(copy.functionDir);
    expect(finding!.problem).toContain('"main": "src/index.ts"');
    expect(finding!.fix).toContain('"main": "index.js"');
  });

  test('a missing wx-server-sdk dependency is reported with the range to use', async () => {
    editJson('package.json', (json) => (json['dependencies'] = {}));
    const [finding] = await checkPackageJson(copy.functionDir);
    expect(finding!.problem).toContain('does not depend on wx-server-sdk');
    expect(finding!.fix).toContain('"wx-server-sdk": "~4.0.2"');
  });

  test.each([
    ['^3.0.0', 'not within 4.x'],
    ['*', 'not within 4.x'],
    ['>=4', 'not within 4.x'],
    ['latest', 'not a semver range'],
    ['github:TencentCloudBase/wx-server-sdk', 'not a semver range'],
  ])('wx-server-sdk "%s" is refused (%s)', async (range, why) => {
    editJson('package.json', (json) => (json['dependencies'] = { 'wx-server-sdk': range }));
    const [finding, ...rest] = await checkPackageJson(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', problem: expect.stringContaining(why) });
  });

  test.each(['4.x', '^4.0.2', '~4.0.2', '4.0.2'])('wx-server-sdk "%s" is accepted', async (range) => {
    editJson('package.json', (json) => (json['dependencies'] = { 'wx-server-sdk': range }));
    expect(await checkPackageJson(copy.functionDir)).toEqual([]);
  });

  test('any other runtime dependency is refused, naming it and where it belongs', async () => {
    editJson('package.json', (json) => (json['dependencies'] = { 'wx-server-sdk': '~4.0.2', lodash: '^4.17.21' }));
    const [finding, ...rest] = await checkPackageJson(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain('depends on "lodash"');
    expect(finding!.fix).toContain('root package.json');
  });

  test('devDependencies only warn: they do not stop a deploy', async () => {
    editJson('package.json', (json) => (json['devDependencies'] = { jest: '^30.0.0' }));
    expect(await checkPackageJson(copy.functionDir)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  test("broken JSON is reported with the parser's message", async () => {
    writeFileSync(inFunction('package.json'), '{ "main": "index.js", }');
    const [finding] = await checkPackageJson(copy.functionDir);
    expect(finding!.problem).toMatch(/cloudfunctions\/getWaybill\/package\.json is not valid JSON \(.+\)/);
  });

  test('a missing package.json is reported', async () => {
    rmSync(inFunction('package.json'));
    const [finding] = await checkPackageJson(copy.functionDir);
    expect(finding!.problem).toBe('cloudfunctions/getWaybill/package.json is missing.');
  });
});

describe('config.json grants logistics.getOrder', () => {
  test('a config.json without the permission is reported with the -604101 it causes', async () => {
    writeFileSync(inFunction('config.json'), JSON.stringify({ permissions: { openapi: ['logistics.getPath'] } }));
    const [finding, ...rest] = await checkOpenApiPermission(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain('does not grant "logistics.getOrder"');
    expect(finding!.problem).toContain('-604101');
    expect(finding!.fix).toContain('{"permissions": {"openapi": ["logistics.getOrder"]}}');
  });

  test('a config.json with no permissions at all is reported', async () => {
    writeFileSync(inFunction('config.json'), '{}');
    expect(errors(await checkOpenApiPermission(copy.functionDir))).toHaveLength(1);
  });

  test('a missing config.json is reported', async () => {
    rmSync(inFunction('config.json'));
    const [finding] = await checkOpenApiPermission(copy.functionDir);
    expect(finding!.problem).toBe('cloudfunctions/getWaybill/config.json is missing.');
  });
});

describe('what would be uploaded', () => {
  test('the runtime files with their sizes; src/, node_modules/ and dotfiles stay local', () => {
    mkdirSync(inFunction('node_modules/wx-server-sdk'), { recursive: true });
    writeFileSync(inFunction('node_modules/wx-server-sdk/index.js'), '');
    writeFileSync(inFunction('.DS_Store'), 'x');
    const sizeOf = (path: string): number => readFileSync(inFunction(path)).length;
    expect(listUploadFiles(copy.functionDir)).toEqual([
      { path: 'config.json', bytes: sizeOf('config.json') },
      { path: 'index.js', bytes: sizeOf('index.js') },
      { path: 'package.json', bytes: sizeOf('package.json') },
    ]);
  });

  test('files in other folders are uploaded with their paths', () => {
    mkdirSync(inFunction('assets'));
    writeFileSync(inFunction('assets/carriers.json'), '[]');
    expect(listUploadFiles(copy.functionDir)).toContainEqual({ path: 'assets/carriers.json', bytes: 2 });
  });
});
