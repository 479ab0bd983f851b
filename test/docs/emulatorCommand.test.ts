// `npm run emulator`, as docs/emulator.md shows it: it starts, says where it
// listens and what to run against it, answers there, and stops on Ctrl-C.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../support/builtFunction';

test('npm run emulator serves on 127.0.0.1 until interrupted', async () => {
  // Its own process group, so that the interrupt reaches npm and the emulator alike, as Ctrl-C in a terminal does.
  const child = spawn('npm', ['run', 'emulator'], { cwd: REPO_ROOT, env: { ...process.env, EMULATOR_PORT: '0' }, detached: true });
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined && output.includes('npm start -- --live')) resolve(url);
    });
    child.on('exit', () => reject(new Error(`the emulator stopped: ${output}`)));
  });
  try {
    const url = await listening;
    const answer = await fetch(`${url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: 'wx0000000000000000', secret: 'emulator-secret-not-a-real-one' }),
    });
    expect(await answer.json()).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    process.kill(-(child.pid as number), 'SIGINT');
    await exited;
  }
}, 30_000);
