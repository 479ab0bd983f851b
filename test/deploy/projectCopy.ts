// A throwaway copy of the parts of the project a cloud function builds from
// (its folder, miniprogram/contract/, tsconfig.json), laid out as in the
// repository so relative imports resolve. Tests break the copy, never the tree.
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

/** Copies the function's sources and rebuilds index.js inside the copy, so it starts correct. */
export async function copyProject(): Promise<ProjectCopy> {
  const root = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  const functionDir = join(root, 'cloudfunctions', 'getWaybill');
  const skipBuilt = (source: string): boolean => !source.includes('node_modules') && !source.endsWith(join('getWaybill', 'index.js'));
  cpSync(join(REPO_ROOT, 'cloudfunctions', 'getWaybill'), functionDir, { recursive: true, filter: skipBuilt });
  cpSync(join(REPO_ROOT, 'miniprogram', 'contract'), join(root, 'miniprogram', 'contract'), { recursive: true });
  cpSync(join(REPO_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  // The bundle inlines wx-server-sdk and json-bigint: the copy resolves them from the repository's node_modules.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await writeFunctionBundle(functionDir);
  return { root, functionDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
