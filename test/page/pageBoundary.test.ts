// Page code runs on WeChat's JavaScript engine, not Node: the mini program's
// own tsconfig (miniprogram/tsconfig.json, only the mini-program typings)
// refuses Node's globals and modules, and ESLint refuses any import that is
// not a relative file. Each fixture is checked as if it were a file of the page.
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const PAGE_DIR = path.join(ROOT, 'miniprogram/pages/waybill');

const TYPE_FIXTURES: Record<string, string> = {
  buffer: "export const bytes = Buffer.from('订单');\n",
  process: 'export const env = process.env.WAYBILL_ADMIN_OPENIDS;\n',
  requireFsUsed: "const fs = require('fs');\nexport const text = fs.readFileSync('x', 'utf8');\n",
  requireFsAlone: "require('fs');\nexport const after = 1;\n",
  importFs: "import * as fs from 'fs';\nexport const read = fs.readFileSync;\n",
  dom: 'export const title = document.title;\n',
  // The control: what page code may do type-checks cleanly with the same setup.
  pageCode:
    "import { FORM_FIELDS } from '../../components/waybill/userText';\nexport const count: number = FORM_FIELDS.length;\nwx.showToast({ title: '复制失败', icon: 'none' });\n",
};

/** Type errors of each fixture, checked with miniprogram/tsconfig.json as a file beside the page. */
function typeErrors(): Record<string, string[]> {
  const configPath = path.join(ROOT, 'miniprogram/tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
  const files = new Map(Object.entries(TYPE_FIXTURES).map(([name, source]) => [path.join(PAGE_DIR, `__${name}Fixture.ts`), source]));
  const host = ts.createCompilerHost(parsed.options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const source = files.get(file);
    return source === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, source, language);
  };
  const typings = parsed.fileNames.filter((file) => file.endsWith('.d.ts'));
  const program = ts.createProgram({ rootNames: [...files.keys(), ...typings], options: parsed.options, host });
  const errors: Record<string, string[]> = {};
  for (const [file] of files) {
    const name = path.basename(file).replace(/^__|Fixture\.ts$/g, '');
    errors[name] = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  return errors;
}

describe('the mini program’s type check', () => {
  const errors = typeErrors();

  test('refuses Buffer and process', () => {
    expect(errors.buffer.join('\n')).toContain("Cannot find name 'Buffer'");
    expect(errors.process.join('\n')).toContain("Cannot find name 'process'");
  });

  test('refuses require(’fs’), whether its value is used or not', () => {
    expect(errors.requireFsUsed.join('\n')).toContain("Property 'readFileSync' does not exist on type 'never'");
    expect(errors.requireFsAlone.join('\n')).toContain('Unreachable code detected');
  });

  test('refuses importing a Node module, and the DOM', () => {
    expect(errors.importFs.join('\n')).toContain("Cannot find module 'fs'");
    expect(errors.dom.join('\n')).toContain("Cannot find name 'document'");
  });

  test('accepts page code: relative imports and wx', () => {
    expect(errors.pageCode).toEqual([]);
  });
});

const LINT_FIXTURES: Record<string, string> = {
  bareImport: "import semver from 'semver';\nexport const valid = semver.valid('1.0.0');\n",
  nodeImport: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  typeOnlyImport: "import type { Options } from 'semver';\nexport type Loose = Options;\n",
  requireCall: "export const fs: unknown = require('fs');\n",
  relativeImport: "import { FORM_FIELDS } from '../../components/waybill/userText';\nexport const fields = FORM_FIELDS;\n",
};

/** ESLint's rule ids for each fixture linted as miniprogram/pages/waybill/<name>.ts (ESLint's config is ESM, so it runs in its own process). */
function lintRuleIds(): Record<string, Array<string | null>> {
  const script = `
    const { ESLint } = require('eslint');
    const fixtures = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const out = {};
      for (const [name, code] of Object.entries(fixtures)) {
        const [result] = await eslint.lintText(code, { filePath: ${JSON.stringify(PAGE_DIR)} + '/' + name + '.ts' });
        out[name] = result.messages.map((message) => message.ruleId);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((error) => { console.error(error); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(LINT_FIXTURES), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('lint of page code', () => {
  const ruleIds = lintRuleIds();

  test.each(['bareImport', 'nodeImport', 'typeOnlyImport'])('refuses a bare import (%s): page code imports only relative files', (name) => {
    expect(ruleIds[name]).toContain('@typescript-eslint/no-restricted-imports');
  });

  test('refuses require', () => {
    expect(ruleIds.requireCall).toContain('no-restricted-globals');
  });

  test('accepts a relative import', () => {
    expect(ruleIds.relativeImport).toEqual([]);
  });
});
