// Runs an exported function of a bench module in a fresh Node process, its result back over IPC; its stdout (our log line) is /dev/null.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** `fn` is exported from `file` under its own name; arguments and result travel as JSON; `env` is added to this process's. */
type WorkerOptions = { nodeFlags?: string[]; env?: object };
export function inWorker<A extends unknown[], R>(file: string, fn: (...args: A) => Promise<R>, args: A, options: WorkerOptions = {}) {
  return new Promise<R>((resolve, reject) => {
    const argv = [...(options.nodeFlags ?? []), '--import', 'tsx', __filename, file, fn.name, JSON.stringify(args)];
    const child = spawn(process.execPath, argv, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let result: { value: R } | undefined;
    child.on('message', (value) => (result = { value: value as R }));
    child.on('error', reject);
    const failure = (code: number | null, signal: string | null) =>
      new Error(`${path.basename(file)} ${fn.name}(${args.join(', ')}) exited with ${signal ?? code} before reporting`);
    child.on('exit', (code, signal) => (result !== undefined && code === 0 ? resolve(result.value) : reject(failure(code, signal))));
  });
}

// The worker: run the function, send its result, exit (kept-alive connections to the emulator would hold the process open).
if (path.resolve(process.argv[1] ?? '') === __filename) {
  const [file, name, args] = process.argv.slice(2);
  const run = (createRequire(__filename)(file) as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
  run(...(JSON.parse(args) as unknown[])).then(
    (value) => process.send?.(value, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
