// The root install and the upload tool's install: what `npm install` pulls in,
// and lock files that agree with their package.json, so that `npm install` on a
// fresh clone leaves git status clean and `npm ci` accepts the lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPLOADER_DIR } from '../../scripts/deploy/uploadTool';
import { REPO_ROOT } from '../support/projectCopy';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const MANIFEST_FIELDS = ['name', 'version', 'license', 'engines', 'dependencies', 'devDependencies'] as const;

/** The fields npm copies from package.json into the lock's root entry (packages[""]). */
function rootEntryOf(manifest: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(MANIFEST_FIELDS.filter((field) => manifest[field] !== undefined).map((field) => [field, manifest[field]]));
}

describe.each([
  ['the repository', REPO_ROOT],
  ['the upload tool (scripts/deploy/uploader)', UPLOADER_DIR],
])("%s: the lock's root entry matches package.json", (_name, dir) => {
  test('engines and dependencies, as npm install would write them', () => {
    const lock = readJson(join(dir, 'package-lock.json'));
    expect(lock.lockfileVersion).toBe(3);
    expect(rootEntryOf(lock.packages[''])).toEqual(rootEntryOf(readJson(join(dir, 'package.json'))));
  });
});

test('the default install leaves out miniprogram-ci and semver: only a real deploy installs the upload tool', () => {
  const manifest = readJson(join(REPO_ROOT, 'package.json'));
  const lock = readJson(join(REPO_ROOT, 'package-lock.json'));
  for (const name of ['miniprogram-ci', 'semver', '@types/semver']) {
    expect(manifest.devDependencies).not.toHaveProperty([name]);
    expect(manifest.dependencies ?? {}).not.toHaveProperty([name]);
  }
  expect(lock.packages).not.toHaveProperty(['node_modules/miniprogram-ci']);
});

test('the upload tool is private and pins miniprogram-ci to one exact version, its only dependency', () => {
  const manifest = readJson(join(UPLOADER_DIR, 'package.json'));
  const lock = readJson(join(UPLOADER_DIR, 'package-lock.json'));
  expect(manifest.private).toBe(true);
  expect(Object.keys(manifest.dependencies)).toEqual(['miniprogram-ci']);
  expect(manifest.dependencies['miniprogram-ci']).toMatch(/^\d+\.\d+\.\d+$/);
  expect(lock.packages['node_modules/miniprogram-ci'].version).toBe(manifest.dependencies['miniprogram-ci']);
});
