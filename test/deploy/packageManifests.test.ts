// The lock file agrees with package.json, so that `npm install` on a fresh clone
// leaves git status clean and `npm ci` accepts the lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/projectCopy';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const MANIFEST_FIELDS = ['name', 'version', 'license', 'engines', 'dependencies', 'devDependencies'] as const;

/** The fields npm copies from package.json into the lock's root entry (packages[""]). */
function rootEntryOf(manifest: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(MANIFEST_FIELDS.filter((field) => manifest[field] !== undefined).map((field) => [field, manifest[field]]));
}

describe.each([['the repository', REPO_ROOT]])("%s: the lock's root entry matches package.json", (_name, dir) => {
  test('engines and dependencies, as npm install would write them', () => {
    const lock = readJson(join(dir, 'package-lock.json'));
    expect(lock.lockfileVersion).toBe(3);
    expect(rootEntryOf(lock.packages[''])).toEqual(rootEntryOf(readJson(join(dir, 'package.json'))));
  });
});

test('the default install has no semver: the function package.json check compares its dependencies as written', () => {
  const manifest = readJson(join(REPO_ROOT, 'package.json'));
  for (const name of ['semver', '@types/semver']) {
    expect(manifest.devDependencies).not.toHaveProperty([name]);
    expect(manifest.dependencies ?? {}).not.toHaveProperty([name]);
  }
});
