// Offline checks of a cloud function folder, run after the build by every deploy
// and dry run: what would make an upload carry the wrong files or a deployed
// function misbehave. Each check takes the folder (<project>/cloudfunctions/<name>)
// and returns what is wrong and how to fix it.
import { lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { SOURCE_FOLDER, UPLOADED_FILES } from './functionFolder';

export interface Finding {
  /** An error stops the deploy; a warning is printed and the deploy goes on. */
  severity: 'error' | 'warning';
  problem: string;
  fix: string;
}

export type FunctionCheck = (functionDir: string) => Promise<Finding[]>;

/** The cloud calls the function makes, and what a user sees when config.json does not grant one. */
export const REQUIRED_PERMISSIONS: readonly { api: string; without: string }[] = [
  {
    api: 'logistics.getOrder',
    without: 'every getWaybill call would fail with -604101 (no permission to call this API), shown as NOT_CONFIGURED',
  },
  {
    api: 'logistics.getPath',
    without: "the parcel's track would come back unavailable (NOT_CONFIGURED; the cloud answers -604101)",
  },
];

/**
 * The folder holds index.js, package.json and config.json as plain files, src/,
 * and nothing else: DevTools uploads the whole folder, dotfiles included.
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
    if (!expected.has(entry.name)) findings.push(unexpectedEntry(functionDir, entry));
  }
  return findings;
};

/** package.json points at index.js and asks the cloud to install nothing: index.js holds wx-server-sdk and all it runs. */
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
  const dependencies = parsed['dependencies'];
  const asked = typeof dependencies === 'object' && dependencies !== null && !Array.isArray(dependencies) ? Object.keys(dependencies) : [];
  if (dependencies !== undefined && (asked.length > 0 || typeof dependencies !== 'object' || Array.isArray(dependencies))) {
    findings.push(
      error(
        `${name} has "dependencies": ${JSON.stringify(dependencies)}. index.js already holds everything the function runs (wx-server-sdk included), so the cloud would install them for nothing, slowing every upload.`,
        `Remove "dependencies" from ${name}; if src/ needs a package, add it to the root package.json (\`npm install --save-dev <package>\`) so the bundle inlines it.`,
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

/** config.json grants every cloud call the function makes. */
export const checkOpenApiPermissions: FunctionCheck = async (functionDir) => {
  const file = join(functionDir, 'config.json');
  const name = shown(functionDir, file);
  const parsed = readJsonObject(file);
  if (parsed === undefined) return []; // checkFolderContents names a missing config.json
  const complete = JSON.stringify({ permissions: { openapi: REQUIRED_PERMISSIONS.map(({ api }) => api) } });
  if (typeof parsed === 'string') return [error(`${name} ${parsed}`, `Make ${name} hold ${complete}.`)];
  const permissions = parsed['permissions'];
  const openapi = typeof permissions === 'object' && permissions !== null ? (permissions as Record<string, unknown>)['openapi'] : undefined;
  const granted: unknown[] = Array.isArray(openapi) ? openapi : [];
  return REQUIRED_PERMISSIONS.filter(({ api }) => !granted.includes(api)).map(({ api, without }) =>
    error(
      `${name} does not grant "${api}" in permissions.openapi, so ${without}.`,
      `Add "${api}" to permissions.openapi (${name} should hold ${complete}), then upload the function once from WeChat DevTools: ` +
        'only a DevTools upload applies config.json, and it can take about 10 minutes to take effect.',
    ),
  );
};

/** The checks in the order they are reported, each with what it proves when it passes. */
export const FUNCTION_CHECKS: readonly { passed: string; run: FunctionCheck }[] = [
  { passed: `the folder holds only ${UPLOADED_FILES.join(', ')} and ${SOURCE_FOLDER}/`, run: checkFolderContents },
  {
    passed: 'package.json: main is index.js, and nothing for the cloud to install',
    run: checkPackageJson,
  },
  { passed: `config.json grants ${REQUIRED_PERMISSIONS.map(({ api }) => api).join(' and ')}`, run: checkOpenApiPermissions },
];

export async function checkFunctionFolder(functionDir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of FUNCTION_CHECKS) findings.push(...(await check.run(functionDir)));
  return findings;
}

/** Names an entry that does not belong in the function folder, with the fix for its kind. */
function unexpectedEntry(functionDir: string, entry: Dirent): Finding {
  const path = shown(functionDir, join(functionDir, entry.name)) + (entry.isDirectory() ? '/' : '');
  const problem = `${path} is not part of the function: WeChat DevTools uploads the whole folder, so it would reach the cloud.`;
  if (/\.[cm]?tsx?$/.test(entry.name)) {
    return error(
      `${path} is TypeScript outside src/: the cloud runs index.js, and DevTools is reported to fail to deploy a folder holding both index.ts and index.js.`,
      'Move it into src/ and import it from src/index.ts.',
    );
  }
  if (entry.name === 'node_modules') {
    return error(
      problem,
      'Delete it: the function folder installs nothing locally (the tools and tests use the repository root node_modules/).',
    );
  }
  if (/\.(key|pem)$/.test(entry.name) || entry.name === 'deploy.config.json' || entry.name.startsWith('.env')) {
    return error(
      `${path} may hold a secret (a key, the deploy settings or environment variables) and is not part of the function: WeChat DevTools uploads the whole folder, so it would reach the cloud.`,
      'Move it to the repository root, where .gitignore keeps it out of git.',
    );
  }
  return error(problem, 'Move it out of the function folder, or delete it.');
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
