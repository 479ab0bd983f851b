// Runs a measuring script in a fresh Node process and returns what it sends
// back over IPC. Its stdout goes to /dev/null: our function logs one line per
// call to stdout, as in the cloud, and that write is part of what it costs.
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

export interface WorkerOptions {
  nodeFlags?: readonly string[];
  /** Added to this process's environment: the functions read the cloud's variables when they load. */
  env?: Record<string, string | undefined>;
}

export function runWorker<T>(script: string, args: readonly unknown[], options: WorkerOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeFlags ?? []), '--import', 'tsx', path.join(__dirname, script), ...args.map(String)],
      { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    let result: { value: T } | undefined;
    child.on('message', (message) => {
      result = { value: message as T };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== undefined && code === 0) resolve(result.value);
      else reject(new Error(`${script} ${args.join(' ')} exited with ${signal ?? code} before reporting`));
    });
  });
}

/** The worker side: send the result and exit (kept-alive connections to the emulator would hold the process open). */
export function reportToParent(value: unknown): void {
  if (process.send === undefined) {
    process.stderr.write(`${JSON.stringify(value, null, 2)}\n`);
    process.exit(0);
  }
  process.send(value, () => process.exit(0));
}

/** A worker's main: any failure is printed and ends the process with an error. */
export function runWorkerMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
