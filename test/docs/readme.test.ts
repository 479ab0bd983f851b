// What README.md (and the docs beside it) promise a newcomer, held to what the
// project does: the Node versions package.json allows, the exit codes of
// npm start, the count of first commands, and one name for DevTools' upload.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_CODES } from '../../scripts/start/startOptions';
import { REPO_ROOT } from '../support/builtFunction';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const { describeEngines, parseEngines } = require(path.join(REPO_ROOT, 'scripts', 'checkSetup.js')) as {
  parseEngines(range: string): unknown[] | null;
  describeEngines(alternatives: unknown[]): string;
};
const ENGINES = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

test('README names the Node versions that package.json engines allow', () => {
  expect(README).toContain(`You need Node.js ${describeEngines(parseEngines(ENGINES)!)}, what \`engines\` in package.json allows.`);
});

test("README gives npm start's exit codes as npm start --help does", () => {
  expect(README.split('\n')).toContain(EXIT_CODES);
});

test('the heading over the first commands counts them', () => {
  const section = /^## (\w+) commands\n[\s\S]*?```sh\n([\s\S]*?)```/m.exec(README);
  expect(section).not.toBeNull();
  const [, count, block] = section!;
  const counts: Record<string, number> = { Two: 2, Three: 3, Four: 4 };
  expect(block.trim().split('\n')).toHaveLength(counts[count] ?? -1);
});

test('every doc names the upload menu as DevTools does: 上传并部署：所有文件', () => {
  const docs = ['README.md', ...readdirSync(path.join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
  const named = docs.flatMap((doc) =>
    [...readFileSync(path.join(REPO_ROOT, doc), 'utf8').matchAll(/上传并部署(\S{0,5})/g)].map((match) => ({ doc, as: match[0] })),
  );
  expect(named.length).toBeGreaterThan(2);
  expect(named.filter(({ as }) => !as.startsWith('上传并部署：所有文件'))).toEqual([]);
});
