// `npm start`: see scripts/start/runStart.ts.
import { runStart } from './start/runStart';

runStart(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // npm runs a script in the project's root; INIT_CWD is where the command was typed, where a relative --out means.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
