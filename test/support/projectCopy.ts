// A throwaway copy of the parts of the project a cloud function builds from
// (its package.json, config.json and src/, miniprogram/contract/, tsconfig.json,
// .gitignore, in a git repository of its own),
// laid out as in the repository so relative imports resolve. Tests break the
// copy, never the tree.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFunctionBundle } from '../../scripts/functionBundle';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface ProjectCopy {
  root: string;
  functionDir: string;
  remove(): void;
}

/** The parts, and an index.js built from them, made once per test file: each copy is then a plain file copy. */
let template: Promise<string> | undefined;
afterAll(async () => {
  if (template !== undefined) rmSync(await template, { recursive: true, force: true });
});

async function makeTemplate(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'deploy-template-'));
  const functionDir = join(root, 'cloudfunctions', 'getWaybill');
  const realFunctionDir = join(REPO_ROOT, 'cloudfunctions', 'getWaybill');
  for (const part of ['package.json', 'config.json', 'src']) {
    cpSync(join(realFunctionDir, part), join(functionDir, part), { recursive: true });
  }
  cpSync(join(REPO_ROOT, 'miniprogram', 'contract'), join(root, 'miniprogram', 'contract'), { recursive: true });
  cpSync(join(REPO_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  // A git repository with the project's .gitignore, so the deploy's checks see what git ignores as they do in a clone.
  cpSync(join(REPO_ROOT, '.gitignore'), join(root, '.gitignore'));
  execFileSync('git', ['init', '--quiet'], { cwd: root });
  // So that packages the bundle inlines resolve from the copy as they do from the repository.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await writeFunctionBundle(functionDir);
  return root;
}

/** A copy of the function's committed parts (not whatever else lies in its folder), with index.js built from them. */
export async function copyProject(): Promise<ProjectCopy> {
  template ??= makeTemplate();
  const from = await template;
  const root = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  cpSync(from, root, { recursive: true, verbatimSymlinks: true });
  return { root, functionDir: join(root, 'cloudfunctions', 'getWaybill'), remove: () => rmSync(root, { recursive: true, force: true }) };
}
