// docs/testing.md says which function test files close with the log-leak check:
// every one that runs the function through a harness. Held to the files here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/builtFunction';

const FOLDER = path.join(REPO_ROOT, 'test', 'function');
const files = readdirSync(FOLDER).filter((name) => name.endsWith('.test.ts'));
const runsTheFunction = (source: string): boolean => /from '\.\.\/support\/(functionHarness|bundleHarness)'/.test(source);
const lastStatement = (source: string): string => source.trimEnd().split('\n').pop() ?? '';

test.each(files)('test/function/%s: ends with the leak check exactly when it runs the function', (name) => {
  const source = readFileSync(path.join(FOLDER, name), 'utf8');
  expect([name, lastStatement(source).startsWith('expectNoPersonalDataLogged(')]).toEqual([name, runsTheFunction(source)]);
});

test('docs/testing.md names the files that run no function, and only those', () => {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'testing.md'), 'utf8');
  const others = files.filter((name) => !runsTheFunction(readFileSync(path.join(FOLDER, name), 'utf8'))).map((name) => name.replace('.test.ts', ''));
  const named = /The others\s+\(([^)]*)\)/.exec(doc)?.[1].match(/`(\w+)`/g)?.map((quoted) => quoted.slice(1, -1));
  expect(named?.sort()).toEqual(others.sort());
});
