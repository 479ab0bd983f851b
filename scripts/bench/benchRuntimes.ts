// Which Node binaries the cold start runs on: this one, then each `--node
// <binary>` on the command line; with none given, Node 12 and 16 (the older
// runtimes WeChat Cloud offers), fetched as `npm run test:runtimes` fetches them.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureNodeRuntime } from '../nodeRuntimes';
import type { NodeRuntime } from './coldStart';

const ROOT = path.join(__dirname, '../..');

function named(binary: string): NodeRuntime {
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  return { name: `Node ${version.replace(/^v/, '')}`, binary };
}

export async function benchRuntimes(argv: readonly string[]): Promise<NodeRuntime[]> {
  const given = argv.flatMap((arg, i) => (arg === '--node' && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
  let others = given;
  if (others.length === 0) {
    const cacheDir = path.join(ROOT, '.cache', 'node-runtimes');
    others = [await ensureNodeRuntime(12, cacheDir), await ensureNodeRuntime(16, cacheDir)];
  }
  return [named(process.execPath), ...others.map(named)];
}
