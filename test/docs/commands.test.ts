// Every command the docs show (a line of a ```sh block, or a `$ ` line of a
// ```text block, in README.md and docs/*.md) is one that is run: `npm start`
// lines are run here, in process; every other one must be run by .ci/run or by
// a named test, which this file checks by reading them. A command that drifts
// from what the code does fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RESERVED_ORDERS } from '../../emulator/logisticsEmulator';
import { REPO_ROOT } from '../support/builtFunction';
import { useStartInProcess } from '../support/startInProcess';

/** Commands run elsewhere, with the file that runs them and what that file must contain. */
const RUN_ELSEWHERE: Readonly<Record<string, { by: string; contains: string }>> = {
  'npm install': { by: '.ci/run', contains: 'npm install' },
  'npm test': { by: '.ci/run', contains: 'npm test' },
  'npm run test:runtimes': { by: '.ci/run', contains: 'npm run test:runtimes' },
  'npm run deploy -- --dry-run': { by: 'test/deploy/deployCommand.test.ts', contains: "npmRunDeploy('--dry-run')" },
  'npm run deploy -- --config path/to/settings.json': { by: 'test/deploy/deployCommand.test.ts', contains: "npmRunDeploy('--config'" },
  'npm run emulator': { by: 'test/docs/emulatorCommand.test.ts', contains: "'emulator'" },
  'npm run pictures': { by: 'test/page/pagePictures.test.ts', contains: "'pictures'" },
  'npm run generate:invisible': { by: 'test/function/requestValidation.test.ts', contains: "'generate:invisible', '--', '--check'" },
};

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

const SHOWN = DOCS.flatMap((doc) => commandsIn(readFileSync(path.join(REPO_ROOT, doc), 'utf8')).map((command) => ({ doc, command })));
const starts = SHOWN.filter(({ command }) => command === 'npm start' || command.startsWith('npm start -- '));
const others = SHOWN.filter((shown) => !starts.includes(shown));

test('the docs show commands (the extraction itself works)', () => {
  expect(starts.length).toBeGreaterThan(3);
  expect(SHOWN.map(({ command }) => command)).toContain('npm test');
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

test.each(others)('$doc: $command is run by .ci/run or a test', ({ command }) => {
  const runner = RUN_ELSEWHERE[command];
  expect([command, runner === undefined ? 'not run anywhere: add it to RUN_ELSEWHERE with what runs it' : 'ok']).toEqual([command, 'ok']);
  expect(readFileSync(path.join(REPO_ROOT, runner.by), 'utf8')).toContain(runner.contains);
});
