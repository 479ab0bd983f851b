// docs/architecture.md's recipe for another WeChat API names each table to
// extend and the file that holds it ("`API_PATHS` (`httpsTransport.ts`)"). Each
// name must still be in that file, so a rename or a move updates the recipe.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/builtFunction';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8');
const recipe = /\*\*Another WeChat API\*\*[\s\S]*?(?:\n\n|\n?$)/.exec(doc)?.[0] ?? '';
const SOURCE_FOLDERS = ['cloudfunctions', 'emulator', 'miniprogram', 'scripts'];
const tracked = SOURCE_FOLDERS.flatMap((folder) =>
  readdirSync(path.join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(folder, file)),
);

/** The recipe cut after each "(`file.ts`)": the file, and the plain names (`API_PATHS`) written since the previous one. */
const named = [...recipe.matchAll(/([\s\S]*?)\(`([\w./]+\.ts)`\)/g)].map(([, text, file]) => ({
  names: [...text.matchAll(/`(\w+)`/g)].map(([, name]) => name),
  file,
}));

test('the recipe names its tables and their files (the extraction itself works)', () => {
  expect(named.map(({ file }) => file)).toEqual(expect.arrayContaining(['functionChecks.ts', 'logisticsEmulator.ts', 'emulatorServer.ts']));
});

test.each(named)('$file holds $names', ({ names, file }) => {
  const paths = tracked.filter((tracked) => tracked === file || tracked.endsWith(`/${file}`));
  expect(paths).toHaveLength(1);
  const source = readFileSync(path.join(REPO_ROOT, paths[0]), 'utf8');
  for (const name of names) expect([file, name, new RegExp(`\\b${name}\\b`).test(source)]).toEqual([file, name, true]);
});
