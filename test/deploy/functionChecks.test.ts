// Each deploy check on a copy of the function with one defect introduced: the
// check must name the file, say what is wrong and how to fix it.
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkFolderContents,
  checkFunction,
  checkOpenApiPermissions,
  checkPackageJson,
  type Finding,
} from '../../scripts/deploy/functionChecks';
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
const problems = (findings: Finding[]): string[] => findings.map((finding) => finding.problem);
const checkFunctionFolder = async (functionDir: string): Promise<Finding[]> =>
  (await checkFunction(functionDir)).flatMap((result) => result.findings);

test('the function as committed passes every check', async () => {
  expect(await checkFunctionFolder(join(REPO_ROOT, 'cloudfunctions', 'getWaybill'))).toEqual([]);
});

test('a freshly built copy passes every check, so each failure below comes from its defect alone', async () => {
  expect(await checkFunctionFolder(copy.functionDir)).toEqual([]);
});

describe('the folder holds only what runs, and src/', () => {
  // What people leave in a function folder. DevTools uploads all of it, dotfiles too.
  test.each([
    ['the code-upload key', 'private.wx0123456789abcdef.key', 'file', 'may hold a secret'],
    ['the deploy settings', 'deploy.config.json', 'file', 'may hold a secret'],
    ['environment variables', '.env', 'file', 'may hold a secret'],
    ['a saved label, with a name and a phone number', 'label-SF_ORDER_0001.html', 'file', 'looks like a saved label page'],
    ['installed packages', 'node_modules', 'folder', 'is not part of the function'],
    ['Finder litter', '.DS_Store', 'file', 'is not part of the function'],
  ])('%s (%s) is named as an error', async (_what, name, kind, why) => {
    if (kind === 'folder') {
      mkdirSync(inFunction(join(name, 'wx-server-sdk')), { recursive: true });
      writeFileSync(inFunction(join(name, 'wx-server-sdk', 'index.js')), '');
    } else {
      writeFileSync(inFunction(name), 'Zhang San 13800138000\n');
    }
    const [finding, ...rest] = await checkFunctionFolder(copy.functionDir);
    expect(rest).toEqual([]);
    const shown = `cloudfunctions/getWaybill/${name}${kind === 'folder' ? '/' : ''}`;
    expect(finding).toMatchObject({ severity: 'error', problem: expect.stringContaining(`${shown} ${why}`) });
    expect(finding!.problem).toContain('DevTools uploads the whole folder');
  });

  test('several strays are each named, once', async () => {
    for (const name of ['.env', 'deploy.config.json', 'notes.txt']) writeFileSync(inFunction(name), 'x');
    mkdirSync(inFunction('node_modules'));
    const named = problems(await checkFolderContents(copy.functionDir));
    expect(named).toHaveLength(4);
    for (const name of ['.env', 'deploy.config.json', 'notes.txt', 'node_modules/']) {
      expect(named).toContainEqual(expect.stringContaining(`cloudfunctions/getWaybill/${name} `));
    }
  });

  test('a secret is to be moved out of the folder; node_modules/ deleted', async () => {
    writeFileSync(inFunction('private.wx0123456789abcdef.key'), 'x');
    mkdirSync(inFunction('node_modules'));
    const fixes = (await checkFolderContents(copy.functionDir)).map((finding) => finding.fix);
    expect(fixes).toContainEqual(expect.stringContaining('Move it to the repository root'));
    expect(fixes).toContainEqual(expect.stringContaining('Delete it'));
  });

  test('an index.ts next to index.js is named, with the advice to move it into src/', async () => {
    writeFileSync(inFunction('index.ts'), 'export {};\n');
    const [finding, ...rest] = await checkFunctionFolder(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain('cloudfunctions/getWaybill/index.ts is TypeScript outside src/');
    expect(finding!.fix).toContain('Move it into src/');
  });

  test.each(['index.js', 'package.json', 'config.json'])('%s as a symbolic link is refused', async (name) => {
    renameSync(inFunction(name), join(copy.root, name));
    symlinkSync(join(copy.root, name), inFunction(name));
    const [finding, ...rest] = await checkFunctionFolder(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain(`cloudfunctions/getWaybill/${name} is a symbolic link`);
    expect(finding!.fix).toContain('Replace the link with the file itself');
  });

  test('a src/ that is a symbolic link is refused', async () => {
    renameSync(inFunction('src'), join(copy.root, 'src'));
    symlinkSync(join(copy.root, 'src'), inFunction('src'), 'dir');
    expect(problems(await checkFunctionFolder(copy.functionDir))).toEqual([
      'cloudfunctions/getWaybill/src is not a plain folder (it is a symbolic link).',
    ]);
  });

  test.each([
    ['index.js', 'npm run build'],
    ['package.json', 'git checkout -- cloudfunctions/getWaybill/package.json'],
    ['config.json', 'git checkout -- cloudfunctions/getWaybill/config.json'],
  ])('a missing %s is named once, with how to get it back', async (name, fix) => {
    rmSync(inFunction(name));
    const [finding, ...rest] = await checkFunctionFolder(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toBe(`cloudfunctions/getWaybill/${name} is missing; the cloud needs it.`);
    expect(finding!.fix).toContain(fix);
  });
});

describe('everything under src/ is checked too, at any depth: DevTools uploads it', () => {
  // The same strays as beside index.js, in src/ and in a folder below it.
  test.each([
    ['the code-upload key', 'private.wx0123456789abcdef.key', 'file', 'may hold a secret'],
    ['a key of another kind', 'server.key', 'file', 'may hold a secret'],
    ['environment variables', '.env', 'file', 'may hold a secret'],
    ['local environment variables', '.env.production', 'file', 'may hold a secret'],
    ['the deploy settings', 'deploy.config.json', 'file', 'may hold a secret'],
    ['a saved label', 'label-ORDER1.html', 'file', 'looks like a saved label page'],
    ['a label saved under another name', 'print.htm', 'file', 'looks like a saved label page'],
    ['installed packages', 'node_modules', 'folder', 'is not part of the function'],
    ['generated files', 'out', 'folder', 'is not part of the function'],
    ['Finder litter', '.DS_Store', 'file', 'is not part of the function'],
  ])('%s (%s)', async (_what, name, kind, why) => {
    for (const dir of ['src', 'src/deep/er']) {
      const path = join(dir, name);
      if (kind === 'folder') {
        mkdirSync(inFunction(join(path, 'pkg')), { recursive: true });
        writeFileSync(inFunction(join(path, 'pkg', 'index.js')), '');
      } else {
        mkdirSync(inFunction(dir), { recursive: true });
        writeFileSync(inFunction(path), 'Zhang San 13800138000\n');
      }
    }
    const found = await checkFunctionFolder(copy.functionDir);
    const suffix = kind === 'folder' ? '/' : '';
    expect(found).toHaveLength(2);
    for (const dir of ['src', 'src/deep/er']) {
      expect(found).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          problem: expect.stringContaining(`cloudfunctions/getWaybill/${dir}/${name}${suffix} ${why}`),
        }),
      );
    }
  });

  test.each([
    ['a file', '/etc/passwd', 'passwd'],
    ['a folder', '/etc', 'etc'],
  ])('a symbolic link to %s (%s) in src/ is refused, and not followed', async (_what, target, name) => {
    symlinkSync(target, inFunction(join('src', name)));
    const [finding, ...rest] = await checkFunctionFolder(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain(`cloudfunctions/getWaybill/src/${name} is a symbolic link (to ${target})`);
  });

  test('a symbolic link beside index.js is refused', async () => {
    symlinkSync('/etc/passwd', inFunction('passwd'));
    expect(problems(await checkFunctionFolder(copy.functionDir))).toEqual([
      expect.stringContaining('getWaybill/passwd is a symbolic link'),
    ]);
  });

  test('a file .gitignore ignores (a local settings file) is refused, found by git itself', async () => {
    writeFileSync(inFunction('src/project.private.config.json'), '{"appid": "wx0123456789abcdef"}');
    mkdirSync(inFunction('src/coverage'));
    writeFileSync(inFunction('src/coverage/lcov.info'), '');
    expect(problems(await checkFunctionFolder(copy.functionDir))).toEqual([
      expect.stringContaining('cloudfunctions/getWaybill/src/coverage/ is ignored by .gitignore'),
      expect.stringContaining('cloudfunctions/getWaybill/src/project.private.config.json is ignored by .gitignore'),
    ]);
  });

  test('index.js, which .gitignore ignores as a build output, is allowed beside package.json only', async () => {
    writeFileSync(inFunction('src/index.js'), '// a stray build\n');
    expect(await checkFunctionFolder(copy.functionDir)).toEqual([]);
    writeFileSync(join(copy.root, '.gitignore'), 'cloudfunctions/getWaybill/index.js\ncloudfunctions/getWaybill/src/index.js\n');
    expect(problems(await checkFunctionFolder(copy.functionDir))).toEqual([
      expect.stringContaining('cloudfunctions/getWaybill/src/index.js is ignored by .gitignore'),
    ]);
  });

  test('outside a git repository the ignored files cannot be asked for: a warning says so', async () => {
    rmSync(join(copy.root, '.git'), { recursive: true });
    expect(await checkFunctionFolder(copy.functionDir)).toEqual([
      expect.objectContaining({ severity: 'warning', problem: expect.stringContaining('Could not ask git') }),
    ]);
  });
});

describe('package.json', () => {
  test('"main" must be index.js', async () => {
    editJson('package.json', (json) => (json['main'] = 'src/index.ts'));
    const [finding] = await checkPackageJson(copy.functionDir);
    expect(finding!.problem).toContain('"main": "src/index.ts"');
    expect(finding!.fix).toContain('"main": "index.js"');
  });

  test('no "dependencies", or an empty one, passes: the cloud installs nothing', async () => {
    editJson('package.json', (json) => delete json['dependencies']);
    expect(await checkPackageJson(copy.functionDir)).toEqual([]);
    editJson('package.json', (json) => (json['dependencies'] = {}));
    expect(await checkPackageJson(copy.functionDir)).toEqual([]);
  });

  test.each([
    ['wx-server-sdk, which index.js already holds', { 'wx-server-sdk': '~4.0.2' }],
    ['any other package', { lodash: '^4.17.21' }],
    ['something that is not an object', ['wx-server-sdk']],
  ])('a dependency is refused (%s), with where a package belongs', async (_what, dependencies) => {
    editJson('package.json', (json) => (json['dependencies'] = dependencies));
    const [finding, ...rest] = await checkPackageJson(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', problem: expect.stringContaining('"dependencies"') });
    expect(finding!.fix).toContain('root package.json');
  });

  test.each([
    ['optionalDependencies', { 'wx-server-sdk': '~4.0.2' }],
    ['peerDependencies', { 'wx-server-sdk': '~4.0.2' }],
    ['bundleDependencies', ['wx-server-sdk']],
    ['bundledDependencies', true],
  ])('"%s" is refused as "dependencies" is: the cloud would install them', async (field, value) => {
    editJson('package.json', (json) => (json[field] = value));
    const [finding, ...rest] = await checkPackageJson(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', problem: expect.stringContaining(`has "${field}": ${JSON.stringify(value)}`) });
    expect(finding!.fix).toContain(`Remove "${field}"`);
  });

  test.each(['preinstall', 'install', 'postinstall', 'prepare'])(
    'a "%s" script is refused: npm would run it in the cloud',
    async (script) => {
      editJson('package.json', (json) => (json['scripts'] = { test: 'jest', [script]: 'node -e "require(\'child_process\')"' }));
      const [finding, ...rest] = await checkPackageJson(copy.functionDir);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ severity: 'error', problem: expect.stringContaining(`has the script "${script}"`) });
      expect(finding!.fix).toContain(`Remove scripts.${script}`);
    },
  );

  test('a script npm does not run on install passes', async () => {
    editJson('package.json', (json) => (json['scripts'] = { test: 'jest' }));
    expect(await checkPackageJson(copy.functionDir)).toEqual([]);
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
});

describe('config.json grants logistics.getOrder and logistics.getPath', () => {
  const grant = (openapi: string[]): void => writeFileSync(inFunction('config.json'), JSON.stringify({ permissions: { openapi } }));

  test('the committed config.json grants both', () => {
    const committed = JSON.parse(readFileSync(join(REPO_ROOT, 'cloudfunctions', 'getWaybill', 'config.json'), 'utf8'));
    expect(committed.permissions.openapi).toEqual(expect.arrayContaining(['logistics.getOrder', 'logistics.getPath']));
  });

  test('without logistics.getPath: named, with the unavailable track it causes and the fix', async () => {
    grant(['logistics.getOrder']);
    const [finding, ...rest] = await checkOpenApiPermissions(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain('does not grant "logistics.getPath"');
    expect(finding!.problem).toContain("the parcel's track would come back unavailable (NOT_CONFIGURED");
    expect(finding!.fix).toContain('Add "logistics.getPath" to permissions.openapi');
    expect(finding!.fix).toContain('upload the function once from WeChat DevTools');
  });

  test('without logistics.getOrder: named, with the -604101 every call would fail with', async () => {
    grant(['logistics.getPath']);
    const [finding, ...rest] = await checkOpenApiPermissions(copy.functionDir);
    expect(rest).toEqual([]);
    expect(finding!.problem).toContain('does not grant "logistics.getOrder"');
    expect(finding!.problem).toContain('-604101');
    expect(finding!.fix).toContain('{"permissions":{"openapi":["logistics.getOrder","logistics.getPath"]}}');
  });

  test('a config.json with no permissions at all names both', async () => {
    writeFileSync(inFunction('config.json'), '{}');
    expect(problems(await checkOpenApiPermissions(copy.functionDir))).toEqual([
      expect.stringContaining('"logistics.getOrder"'),
      expect.stringContaining('"logistics.getPath"'),
    ]);
  });

  test("broken JSON is reported with the parser's message", async () => {
    writeFileSync(inFunction('config.json'), '{ permissions }');
    expect(problems(await checkOpenApiPermissions(copy.functionDir))).toEqual([
      expect.stringMatching(/cloudfunctions\/getWaybill\/config\.json is not valid JSON/),
    ]);
  });
});
