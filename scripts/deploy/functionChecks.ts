// Offline checks of a cloud function folder, run after the build by every deploy
// and dry run: what would make an upload carry the wrong files or a deployed
// function misbehave. Each check takes the folder (<project>/cloudfunctions/<name>)
// and returns what is wrong and how to fix it.
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { SOURCE_FOLDER, UPLOADED_FILES } from './functionFolder';

export interface Finding {
  /** An error stops the deploy; a warning is printed and the deploy goes on. */
  severity: 'error' | 'warning';
  problem: string;
  fix: string;
}

export type FunctionCheck = (functionDir: string) => Promise<Finding[]>;

/** The cloud calls getWaybill makes, and what a user sees when config.json does not grant one. */
const GET_WAYBILL_PERMISSIONS: readonly { api: string; without: string }[] = [
  {
    api: 'logistics.getOrder',
    without: 'every getWaybill call would fail with -604101 (no permission to call this API), shown as NOT_CONFIGURED',
  },
  {
    api: 'logistics.getPath',
    without: "the parcel's track would come back unavailable (NOT_CONFIGURED; the cloud answers -604101)",
  },
];

/** The cloud calls config.json must grant, by function (the folder's name); a function not listed needs none checked here. */
export function requiredPermissions(functionName: string): readonly { api: string; without: string }[] {
  return functionName === 'getWaybill' ? GET_WAYBILL_PERMISSIONS : [];
}

/**
 * The folder holds index.js, package.json and config.json as plain files, src/,
 * and nothing else; nothing anywhere below it is a secret, a saved label, an
 * install, a link or a file .gitignore keeps out of git: DevTools uploads the
 * whole tree, src/ and dotfiles included.
 */
export const checkFolderContents: FunctionCheck = async (functionDir) => {
  const entries = readdirSync(functionDir, { withFileTypes: true });
  const findings: Finding[] = [];
  for (const name of UPLOADED_FILES) {
    const entry = entries.find((candidate) => candidate.name === name);
    const path = shown(functionDir, join(functionDir, name));
    const restore = name === 'index.js' ? 'Run `npm run build`: index.js is built from src/.' : `Restore it: \`git checkout -- ${path}\`.`;
    if (entry === undefined) {
      findings.push(error(`${path} is missing; the cloud needs it.`, restore));
    } else if (entry.isSymbolicLink()) {
      findings.push(
        error(
          `${path} is a symbolic link. The upload would carry a link, or whatever it points to, instead of the file the deploy checked.`,
          `Replace the link with the file itself. ${restore}`,
        ),
      );
    } else if (!entry.isFile()) {
      findings.push(error(`${path} is not a file.`, `Remove it. ${restore}`));
    }
  }
  const sources = entries.find((candidate) => candidate.name === SOURCE_FOLDER);
  if (sources !== undefined && !sources.isDirectory()) {
    findings.push(
      error(
        `${shown(functionDir, join(functionDir, SOURCE_FOLDER))} is not a plain folder${sources.isSymbolicLink() ? ' (it is a symbolic link)' : ''}.`,
        'Keep the TypeScript sources in a real folder src/ inside the function folder.',
      ),
    );
  }
  const expected = new Set<string>([...UPLOADED_FILES, SOURCE_FOLDER]);
  for (const entry of entries) {
    if (!expected.has(entry.name)) findings.push(strayEntry(functionDir, entry) ?? unexpectedEntry(functionDir, entry));
  }
  if (sources?.isDirectory() === true) findings.push(...checkTree(functionDir, join(functionDir, SOURCE_FOLDER)));
  return findings;
};

/**
 * Everything below `folder` (src/), at any depth: each stray named once (a
 * refused folder is not walked into), then whatever git ignores among the rest.
 */
function checkTree(functionDir: string, folder: string): Finding[] {
  const findings: Finding[] = [];
  const kept: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      const stray = strayEntry(functionDir, entry);
      if (stray !== undefined) findings.push(stray);
      else if (entry.isDirectory()) {
        kept.push(path);
        walk(path);
      } else if (entry.isFile()) kept.push(path);
      else findings.push(error(`${shown(functionDir, path)} is not a plain file or folder.`, 'Remove it from the function folder.'));
    }
  };
  walk(folder);
  const ignored = ignoredByGit(functionDir, kept);
  if (typeof ignored === 'string') {
    findings.push({
      severity: 'warning',
      problem: `Could not ask git which files in ${shown(functionDir, functionDir)}/ .gitignore keeps out (${ignored}), so they were not checked.`,
      fix: 'Run the deploy from a git clone of the repository.',
    });
    return findings;
  }
  // A folder git ignores is named once, not with each file in it.
  const named: string[] = [];
  for (const path of kept) {
    if (!ignored.has(path) || named.some((folderNamed) => path.startsWith(folderNamed + sep))) continue;
    named.push(path);
    findings.push(
      error(
        `${shown(functionDir, path)}${statSync(path).isDirectory() ? '/' : ''} is ignored by .gitignore (where secrets and local files are kept out of git), and WeChat DevTools uploads the whole folder, src/ included, so it would reach the cloud.`,
        'Move it out of the function folder (secrets go to the repository root), or delete it.',
      ),
    );
  }
  return findings;
}

/** The paths among `paths` that git ignores, by `git check-ignore` itself; or why git could not say. */
function ignoredByGit(functionDir: string, paths: string[]): Set<string> | string {
  if (paths.length === 0) return new Set();
  const run = spawnSync('git', ['check-ignore', '-z', '--stdin'], {
    cwd: functionDir,
    input: paths.map((path) => relative(functionDir, path)).join('\0'),
    encoding: 'utf8',
  });
  if (run.error !== undefined) return run.error.message;
  // 0: some are ignored; 1: none is; anything else: no repository, or git failed.
  if (run.status !== 0 && run.status !== 1) return run.stderr.trim().split('\n')[0] ?? `git exited with ${run.status}`;
  return new Set(
    run.stdout
      .split('\0')
      .filter((line) => line !== '')
      .map((line) => join(functionDir, line)),
  );
}

/** The package.json fields that make npm install something. */
const INSTALLED_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies'] as const;

/** The scripts npm runs by itself when it installs a package's folder. */
const INSTALL_SCRIPTS: readonly string[] = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];

/** `{}`, `[]` and `false` ask for nothing. */
function isEmpty(value: unknown): boolean {
  if (value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** package.json points at index.js and asks the cloud to install and run nothing: index.js holds wx-server-sdk and all it runs. */
export const checkPackageJson: FunctionCheck = async (functionDir) => {
  const file = join(functionDir, 'package.json');
  const name = shown(functionDir, file);
  const parsed = readJsonObject(file);
  if (parsed === undefined) return []; // checkFolderContents names a missing package.json
  if (typeof parsed === 'string') return [error(`${name} ${parsed}`, `Restore it: \`git checkout -- ${name}\`.`)];
  const findings: Finding[] = [];
  if (parsed['main'] !== 'index.js') {
    findings.push(
      error(
        `${name} has "main": ${JSON.stringify(parsed['main'])}. The cloud calls index.main, the bundle \`npm run build\` writes.`,
        `Set "main": "index.js" in ${name}.`,
      ),
    );
  }
  for (const field of INSTALLED_FIELDS) {
    const value = parsed[field];
    if (value === undefined || isEmpty(value)) continue;
    findings.push(
      error(
        `${name} has "${field}": ${JSON.stringify(value)}. index.js already holds everything the function runs (wx-server-sdk included), so the cloud would install them for nothing, slowing every upload.`,
        `Remove "${field}" from ${name}; if src/ needs a package, add it to the root package.json (\`npm install --save-dev <package>\`) so the bundle inlines it.`,
      ),
    );
  }
  const scripts = parsed['scripts'];
  const scriptNames = typeof scripts === 'object' && scripts !== null ? Object.keys(scripts) : [];
  for (const script of scriptNames.filter((candidate) => INSTALL_SCRIPTS.includes(candidate))) {
    findings.push(
      error(
        `${name} has the script "${script}", which npm runs when the cloud installs the function: it would run code that is not in index.js.`,
        `Remove scripts.${script} from ${name}; build steps belong in the root package.json (\`npm run build\` writes index.js).`,
      ),
    );
  }
  if (parsed['devDependencies'] !== undefined) {
    findings.push({
      severity: 'warning',
      problem: `${name} has devDependencies; the function needs none (tests and tools live at the repository root).`,
      fix: `Move them to the root package.json.`,
    });
  }
  return findings;
};

/** config.json is a JSON object and grants every cloud call the function makes. */
export const checkOpenApiPermissions: FunctionCheck = async (functionDir) => {
  const file = join(functionDir, 'config.json');
  const name = shown(functionDir, file);
  const parsed = readJsonObject(file);
  if (parsed === undefined) return []; // checkFolderContents names a missing config.json
  const required = requiredPermissions(basename(functionDir));
  const complete = JSON.stringify({ permissions: { openapi: required.map(({ api }) => api) } });
  if (typeof parsed === 'string') return [error(`${name} ${parsed}`, `Make ${name} hold ${complete}.`)];
  const permissions = parsed['permissions'];
  const openapi = typeof permissions === 'object' && permissions !== null ? (permissions as Record<string, unknown>)['openapi'] : undefined;
  const granted: unknown[] = Array.isArray(openapi) ? openapi : [];
  return required
    .filter(({ api }) => !granted.includes(api))
    .map(({ api, without }) =>
      error(
        `${name} does not grant "${api}" in permissions.openapi, so ${without}.`,
        `Add "${api}" to permissions.openapi (${name} should hold ${complete}), then upload the function once from WeChat DevTools: ` +
          'only a DevTools upload applies config.json, and it can take about 10 minutes to take effect.',
      ),
    );
};

/** The checks in the order they are reported, each with what it proves when it passes. */
const FUNCTION_CHECKS: readonly { passed: (name: string) => string; run: FunctionCheck }[] = [
  {
    passed: () =>
      `the folder holds only ${UPLOADED_FILES.join(', ')} and ${SOURCE_FOLDER}/, and nothing in ${SOURCE_FOLDER}/ that must not be uploaded`,
    run: checkFolderContents,
  },
  { passed: () => 'package.json: main is index.js, and nothing for the cloud to install or run', run: checkPackageJson },
  {
    passed: (name) => {
      const required = requiredPermissions(name);
      return required.length === 0
        ? 'config.json holds a JSON object'
        : `config.json grants ${required.map(({ api }) => api).join(' and ')}`;
    },
    run: checkOpenApiPermissions,
  },
];

export interface CheckResult {
  /** What the check proves when it finds nothing. */
  passed: string;
  findings: Finding[];
}

/** Every check on the function in `functionDir`, in the order they are reported. */
export async function checkFunction(functionDir: string): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of FUNCTION_CHECKS)
    results.push({ passed: check.passed(basename(functionDir)), findings: await check.run(functionDir) });
  return results;
}

/** What must never be uploaded, at any depth, with the fix for its kind; undefined when the name and kind look harmless. */
function strayEntry(functionDir: string, entry: Dirent): Finding | undefined {
  const full = join(entry.parentPath, entry.name);
  const path = shown(functionDir, full) + (entry.isDirectory() ? '/' : '');
  const uploaded = 'WeChat DevTools uploads the whole folder, src/ included, so it would reach the cloud';
  if (entry.isSymbolicLink()) {
    return error(
      `${path} is a symbolic link (to ${readlinkSync(full)}). ${uploaded}: the link, or whatever it points to, such as a system file.`,
      'Remove the link; keep only real files in the function folder.',
    );
  }
  if (/\.(key|pem)$/.test(entry.name) || entry.name === 'deploy.config.json' || entry.name.startsWith('.env')) {
    return error(
      `${path} may hold a secret (a key, the deploy settings or environment variables) and is not part of the function: ${uploaded}.`,
      'Move it to the repository root, where .gitignore keeps it out of git.',
    );
  }
  if (/\.html?$/i.test(entry.name)) {
    return error(
      `${path} looks like a saved label page, which holds names, phone numbers and addresses: the function has no HTML, and ${uploaded}.`,
      'Move it out of the repository, or delete it.',
    );
  }
  if (entry.isDirectory() && (entry.name === 'node_modules' || entry.name === 'out')) {
    return error(
      `${path} is not part of the function: ${uploaded}.`,
      entry.name === 'node_modules'
        ? 'Delete it: the function folder installs nothing locally (the tools and tests use the repository root node_modules/).'
        : 'Delete it, or write it outside the function folder: out/ at the repository root is for generated files.',
    );
  }
  if (entry.name === '.DS_Store') return error(`${path} is not part of the function: ${uploaded}.`, 'Delete it.');
  return undefined;
}

/** Names an entry beside index.js that is none of the strays above: only the three files and src/ belong there. */
function unexpectedEntry(functionDir: string, entry: Dirent): Finding {
  const path = shown(functionDir, join(functionDir, entry.name)) + (entry.isDirectory() ? '/' : '');
  if (/\.[cm]?tsx?$/.test(entry.name)) {
    return error(
      `${path} is TypeScript outside src/: the cloud runs index.js, and DevTools is reported to fail to deploy a folder holding both index.ts and index.js.`,
      'Move it into src/ and import it from src/index.ts.',
    );
  }
  return error(
    `${path} is not part of the function: WeChat DevTools uploads the whole folder, so it would reach the cloud.`,
    'Move it out of the function folder, or delete it.',
  );
}

function error(problem: string, fix: string): Finding {
  return { severity: 'error', problem, fix };
}

/** A path as the reader knows it: relative to the project root (two levels above the function). */
function shown(functionDir: string, path: string): string {
  return relative(resolve(functionDir, '..', '..'), path) || basename(path);
}

/**
 * The file's top-level object; a sentence (completing "<file> ...") saying why
 * there is none; or undefined when it is not a plain file (checkFolderContents says so).
 */
function readJsonObject(file: string): Record<string, unknown> | string | undefined {
  try {
    if (!lstatSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return 'does not hold a JSON object.';
  } catch (failure) {
    return `is not valid JSON (${(failure as Error).message}).`;
  }
}
