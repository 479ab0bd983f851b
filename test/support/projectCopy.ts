// A throwaway copy of the parts of the project a cloud function builds from
// (its package.json, config.json and src/, miniprogram/contract/, tsconfig.json),
// laid out as in the repository so relative imports resolve. Tests break the
// copy, never the tree.
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

/** Copies the function's committed parts (not whatever else lies in its folder) and builds index.js inside the copy. */
export async function copyProject(): Promise<ProjectCopy> {
  const root = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  const functionDir = join(root, 'cloudfunctions', 'getWaybill');
  const realFunctionDir = join(REPO_ROOT, 'cloudfunctions', 'getWaybill');
  for (const part of ['package.json', 'config.json', 'src']) {
    cpSync(join(realFunctionDir, part), join(functionDir, part), { recursive: true });
  }
  cpSync(join(REPO_ROOT, 'miniprogram', 'contract'), join(root, 'miniprogram', 'contract'), { recursive: true });
  cpSync(join(REPO_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  // So that packages the bundle inlines resolve from the copy as they do from the repository.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await writeFunctionBundle(functionDir);
  return { root, functionDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
