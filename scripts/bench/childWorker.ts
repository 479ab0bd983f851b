// Runs a measuring script in a fresh Node process and returns what it sends
// back over IPC. Its stdout goes to /dev/null: our function logs one line per
// call to stdout, as in the cloud, and that write is part of what it costs.
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

export function runWorker<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(__dirname, script), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: { ok: true; value: T } | undefined;
    child.on('message', (message) => {
      result = { ok: true, value: message as T };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== undefined && code === 0) resolve(result.value);
      else reject(new Error(`${script} exited with ${signal ?? code} before reporting`));
    });
  });
}

/** The worker side: send the result, then let the process end on its own. */
export function reportToParent(value: unknown): void {
  if (process.send === undefined) {
    process.stderr.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  process.send(value, () => process.disconnect());
}
