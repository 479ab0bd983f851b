// What gets uploaded from a cloud function folder. The TypeScript sources and
// local node_modules stay behind: the cloud runs index.js and installs
// wx-server-sdk itself from package.json.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface UploadFile {
  /** Path inside the function folder, with forward slashes. */
  path: string;
  bytes: number;
}

const STAYS_LOCAL = new Set(['src', 'node_modules']);

/** Every file that would be uploaded, sorted by path. */
export function listUploadFiles(functionDir: string): UploadFile[] {
  const files: UploadFile[] = [];
  const walk = (relativeDir: string): void => {
    for (const entry of readdirSync(join(functionDir, relativeDir), { withFileTypes: true })) {
      // Dotfiles are editor and OS litter (.DS_Store, .eslintcache), never runtime code.
      if (entry.name.startsWith('.')) continue;
      if (relativeDir === '' && STAYS_LOCAL.has(entry.name)) continue;
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) walk(relativePath);
      else if (entry.isFile()) files.push({ path: relativePath, bytes: statSync(join(functionDir, relativePath)).size });
    }
  };
  walk('');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Copies exactly `files` into `stagingDir`, so the upload holds what the dry run listed and nothing else. */
export function stageUploadFiles(functionDir: string, files: readonly UploadFile[], stagingDir: string): void {
  for (const file of files) {
    const target = join(stagingDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(functionDir, file.path), target);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}
