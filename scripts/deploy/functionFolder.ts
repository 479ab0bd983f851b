// What a cloud function folder holds and what of it gets uploaded. The folder is
// exactly what runs (index.js, package.json, config.json) plus the TypeScript it
// is built from (src/). WeChat DevTools uploads the whole folder, so anything
// else in it would reach the cloud; the command-line deploy sends these three only.
import { copyFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files the cloud needs, in the order they are listed. */
export const UPLOADED_FILES = ['index.js', 'package.json', 'config.json'] as const;

/** The one folder that may sit beside them: the sources index.js is built from. */
export const SOURCE_FOLDER = 'src';

/** Every cloud function of the project: each folder under <project>/cloudfunctions/, by name. */
export function functionFolders(projectRoot: string): string[] {
  const parent = join(projectRoot, 'cloudfunctions');
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
    .sort();
}

export interface UploadedFile {
  name: string;
  bytes: number;
}

export function uploadedFileSizes(functionDir: string): UploadedFile[] {
  return UPLOADED_FILES.map((name) => ({ name, bytes: statSync(join(functionDir, name)).size }));
}

/** Copies exactly the uploaded files into `stagingDir`, so nothing else in the folder can go up with them. */
export function stageUploadedFiles(functionDir: string, stagingDir: string): void {
  for (const name of UPLOADED_FILES) copyFileSync(join(functionDir, name), join(stagingDir, name));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}
