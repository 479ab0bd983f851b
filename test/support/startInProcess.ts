// `npm start` run in process (runStart, the code the command runs), in a
// scratch folder so that its default out/ lands there, with a developer's own
// settings kept out of the run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEnv } from '../../emulator/cloudCallCodec';
import { runStart } from '../../scripts/start/runStart';

interface StartRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StartInProcess {
  /** env: the environment npm would start the command with (npm_config_* for the options npm took). */
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<StartRun>;
  /** The scratch folder of the current test. */
  workDir(): string;
}

/** A fresh scratch folder and a clean environment for each test of the file. */
export function useStartInProcess(): StartInProcess {
  let workDir = '';
  let restoreEnv: () => void = () => undefined;
  beforeEach(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'waybill-start-'));
    restoreEnv = applyEnv({
      WAYBILL_ADMIN_OPENIDS: undefined,
      WAYBILL_ORDERS: undefined,
      WAYBILL_ORDERS_OWNER: undefined,
      WX_APPID: undefined,
      WX_APPSECRET: undefined,
      WX_API_BASE_URL: undefined,
    });
  });
  afterEach(() => {
    restoreEnv();
    rmSync(workDir, { recursive: true, force: true });
  });
  return {
    workDir: () => workDir,
    async run(args, env) {
      const run = { code: -1, stdout: '', stderr: '' };
      run.code = await runStart(args, {
        stdout: (text) => (run.stdout += text),
        stderr: (text) => (run.stderr += text),
        cwd: workDir,
        env,
      });
      return run;
    },
  };
}
