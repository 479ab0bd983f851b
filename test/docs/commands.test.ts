// Every command the docs show (a line of a ```sh block, or a `$ ` line of a
// ```text block, in README.md and docs/*.md) is one that is run, word for word:
// - `npm start -- ...` lines are run here, in process, with the same arguments;
// - any other command must be run by .ci/run (a line with the same words, plus
//   options that change only what is printed) or by a test that spawns it: read
//   from the test's syntax tree, `spawn('npm', [words])` (through a helper with
//   `...args` too) or `spawn('sh', ['-c', 'the command'])`. A string that merely
//   mentions the command (a comment, a test name, another script's arguments)
//   does not count. A command that drifts from what is run fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';
import { RESERVED_ORDERS } from '../../emulator/logisticsEmulator';
import { REPO_ROOT } from '../support/builtFunction';
import { useStartInProcess } from '../support/startInProcess';

/** Shown but run by hand only, with the reason. Each entry must still be needed (nothing runs it exactly). */
const RUN_BY_HAND: Readonly<Record<string, string>> = {
  'npm run generate:invisible':
    'writes miniprogram/contract/invisibleCharacters.ts; test/function/requestValidation.test.ts runs `npm run generate:invisible -- --check`, which writes nothing',
  'npm run pictures':
    'needs Chromium, a Chinese font and pngquant; test/page/pagePictures.test.ts runs `npm run pictures -- --html-only`, everything but the screenshots',
};

/** Options in a .ci/run line that change only what is printed, not what runs. */
const OUTPUT_ONLY = [/^--$/, /^--no-audit$/, /^--no-fund$/, /^--json$/, /^--outputFile=/];

/** A word of a test's command that is not a literal (a scratch file's path): it stands for one doc word that is not an option. */
const ANY_VALUE = Symbol('any value');
type Word = string | typeof ANY_VALUE;

const DOCS = ['README.md', ...readdirSync(path.join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

function commandsIn(markdown: string): string[] {
  const commands: string[] = [];
  for (const [, language, body] of markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)) {
    for (const raw of body.split('\n')) {
      const line = language === 'sh' ? raw : language === 'text' && raw.startsWith('$ ') ? raw.slice(2) : '';
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command !== '' && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

const words = (command: string): string[] => command.trim().split(/\s+/);

/** The npm commands a shell script runs: its lines that start with `npm `, comments left out. */
function ciCommands(script: string): string[][] {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npm '))
    .map(words);
}

/** Whether a .ci/run line runs the command: the same words, then only options that change what is printed. */
function ciRuns(line: string[], command: string[]): boolean {
  return (
    command.every((word, i) => line[i] === word) && line.slice(command.length).every((extra) => OUTPUT_ONLY.some((option) => option.test(extra)))
  );
}

/** The commands a test file spawns: `npm` with an array of words, or `sh -c` with a command line. */
function spawnedCommands(fileName: string, source: string): Word[][] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: Word[][] = [];
  // Helpers such as `const npmRunDeploy = (...args: string[]) => spawnSync('npm', ['run', 'deploy', '--', ...args])`.
  const helpers = new Map<string, Word[][]>();
  const spawnCall = (node: ts.Node): node is ts.CallExpression =>
    ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^(spawn|spawnSync|execFile|execFileSync)$/.test(node.expression.text);
  const literalWord = (node: ts.Expression): Word => (ts.isStringLiteralLike(node) ? node.text : ANY_VALUE);

  function spawned(call: ts.CallExpression, rest: { name: string; values: Word[] } | undefined): Word[] | undefined {
    const [program, argv] = call.arguments;
    if (program === undefined || argv === undefined || !ts.isStringLiteralLike(program) || !ts.isArrayLiteralExpression(argv)) return undefined;
    if (program.text === 'sh') {
      const [flag, line] = argv.elements;
      return flag !== undefined && ts.isStringLiteralLike(flag) && flag.text === '-c' && line !== undefined && ts.isStringLiteralLike(line)
        ? [line.text]
        : undefined;
    }
    if (program.text !== 'npm') return undefined;
    return argv.elements.flatMap((element): Word[] =>
      ts.isSpreadElement(element) && ts.isIdentifier(element.expression) && element.expression.text === rest?.name
        ? rest.values
        : ts.isSpreadElement(element)
          ? [ANY_VALUE]
          : [literalWord(element)],
    );
  }

  function visit(node: ts.Node): void {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined && ts.isArrowFunction(node.initializer)) {
      const restParameter = node.initializer.parameters.find((parameter) => parameter.dotDotDotToken !== undefined);
      const body = node.initializer.body;
      if (restParameter !== undefined && ts.isIdentifier(restParameter.name) && spawnCall(body)) {
        helpers.set(node.name.text, []);
        const restName = restParameter.name.text;
        const callsOf = (helperName: string) => (helperCall: ts.Node) => {
          if (ts.isCallExpression(helperCall) && ts.isIdentifier(helperCall.expression) && helperCall.expression.text === helperName) {
            const command = spawned(body, { name: restName, values: helperCall.arguments.map(literalWord) });
            if (command !== undefined) found.push(['npm', ...command]);
          }
          ts.forEachChild(helperCall, callsOf(helperName));
        };
        ts.forEachChild(file, callsOf(node.name.text));
        return;
      }
    }
    if (spawnCall(node)) {
      const command = spawned(node, undefined);
      const program = (node.arguments[0] as ts.StringLiteral).text;
      if (command !== undefined) found.push(program === 'npm' ? ['npm', ...command] : command);
    }
    ts.forEachChild(node, visit);
  }
  visit(file);
  return found;
}

/** Whether a spawned command is the doc's command, word for word (or, for `sh -c`, character for character). */
function sameCommand(spawned: Word[], command: string): boolean {
  if (spawned.length === 1 && typeof spawned[0] === 'string') return spawned[0] === command;
  const doc = words(command);
  return spawned.length === doc.length && spawned.every((word, i) => (word === ANY_VALUE ? !doc[i].startsWith('-') : word === doc[i]));
}

function testFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? testFiles(path.join(folder, entry.name))
      : entry.name.endsWith('.test.ts')
        ? [path.join(folder, entry.name)]
        : [],
  );
}

const CI_COMMANDS = ciCommands(readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8'));
const TEST_COMMANDS = testFiles(path.join(REPO_ROOT, 'test')).flatMap((file) =>
  spawnedCommands(file, readFileSync(file, 'utf8')).map((command) => ({ file: path.relative(REPO_ROOT, file), command })),
);

/** Who runs the command exactly, or undefined. */
function runnerOf(command: string): string | undefined {
  if (CI_COMMANDS.some((line) => ciRuns(line, words(command)))) return '.ci/run';
  return TEST_COMMANDS.find((spawned) => sameCommand(spawned.command, command))?.file;
}

const SHOWN = DOCS.flatMap((doc) => commandsIn(readFileSync(path.join(REPO_ROOT, doc), 'utf8')).map((command) => ({ doc, command })));
const starts = SHOWN.filter(({ command }) => command === 'npm start' || command.startsWith('npm start -- '));
const others = SHOWN.filter((shown) => !starts.includes(shown));

test('the docs show commands, and the tests spawn some (the extraction itself works)', () => {
  expect(starts.length).toBeGreaterThan(3);
  expect(SHOWN.map(({ command }) => command)).toContain('npm test');
  expect(TEST_COMMANDS.map(({ file }) => file)).toContain(path.join('test', 'deploy', 'deployCommand.test.ts'));
});

describe('each npm start line runs, as shown', () => {
  const start = useStartInProcess();

  test.each(starts)('$doc: $command', async ({ command }) => {
    const args = command.replace(/^npm start( --)?/, '').trim().split(/\s+/).filter(Boolean);
    const { code, stdout } = await start.run(args);
    // A reserved id whose outcome is an error fails on purpose (exit 1); anything else must succeed. Exit 2 means the doc is wrong.
    const reserved = RESERVED_ORDERS.find((order) => args.includes(order.id));
    const fails = reserved !== undefined && !/^(ok|the waybill)/.test(reserved.outcome);
    expect([command, code]).toEqual([command, fails ? 1 : 0]);
    expect(stdout).not.toBe('');
  });
});

test.each(others.filter(({ command }) => !(command in RUN_BY_HAND)))('$doc: $command is run, exactly, by .ci/run or a test', ({ command }) => {
  expect(runnerOf(command)).toEqual(expect.any(String));
});

test.each(Object.keys(RUN_BY_HAND))('%s is shown, and run by hand only (else take it off RUN_BY_HAND)', (command) => {
  expect(SHOWN.map((shown) => shown.command)).toContain(command);
  expect(runnerOf(command)).toBeUndefined();
});

describe('what counts as running a command', () => {
  test('.ci/run: a line with the same words, plus options that only change what is printed', () => {
    const ci = ciCommands('# npm install is what a newcomer runs\nnpm ci --no-audit\nnpm test -- --json --outputFile="$r"\necho npm install\n');
    expect(ci.some((line) => ciRuns(line, ['npm', 'install']))).toBe(false);
    expect(ci.some((line) => ciRuns(line, ['npm', 'test']))).toBe(true);
    expect(ciRuns(words('npm run deploy -- --dry-run'), words('npm run deploy'))).toBe(false);
  });

  test('a test: the spawned words, not a mention of them', () => {
    const source = `
      // npm run pictures
      test('npm run pictures', () => spawnSync('npm', ['run', '--silent', 'pictures', '--', '--html-only', '--out-dir', dir]));
      const npmRunDeploy = (...args: string[]) => spawnSync('npm', ['run', 'deploy', '--', ...args]);
      npmRunDeploy('--dry-run');
      npmRunDeploy('--config', scratchFile);
      spawnSync('sh', ['-c', 'npm start --silent -- --json > r.json']);`;
    const spawned = spawnedCommands('example.test.ts', source);
    const runs = (command: string) => spawned.some((words) => sameCommand(words, command));
    expect(runs('npm run pictures')).toBe(false);
    expect(runs('npm run pictures -- --html-only')).toBe(false);
    expect(runs('npm run deploy -- --dry-run')).toBe(true);
    expect(runs('npm run deploy -- --config path/to/settings.json')).toBe(true);
    expect(runs('npm run deploy -- --config --dry-run')).toBe(false);
    expect(runs('npm run deploy')).toBe(false);
    expect(runs('npm start --silent -- --json > r.json')).toBe(true);
    expect(runs('npm start -- --json > r.json')).toBe(false);
  });
});
