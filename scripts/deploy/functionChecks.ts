// Offline checks of a cloud function folder, run after the build by every deploy
// and dry run: what would make an upload fail or a deployed function misbehave.
// Each check takes the folder (<project>/cloudfunctions/<name>) and returns what
// is wrong and how to fix it.
import { readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { subset, validRange } from 'semver';
import { listUploadFiles } from './uploadFiles';

export interface Finding {
  /** An error stops the deploy; a warning is printed and the deploy goes on. */
  severity: 'error' | 'warning';
  problem: string;
  fix: string;
}

export type FunctionCheck = (functionDir: string) => Promise<Finding[]>;

const REQUIRED_OPENAPI = 'logistics.getOrder';
const SDK = 'wx-server-sdk';
const SDK_MAJOR_RANGE = '4.x';
const SDK_EXAMPLE_RANGE = '~4.0.2';

/** No TypeScript is uploaded; in particular none at the folder's root, next to index.js. */
export const checkNoTypeScriptUploaded: FunctionCheck = async (functionDir) =>
  listUploadFiles(functionDir)
    .filter((file) => /\.[cm]?tsx?$/.test(file.path))
    .map((file) =>
      file.path.includes('/')
        ? error(
            `${shown(functionDir, join(functionDir, file.path))} is TypeScript outside src/, so it would be uploaded although nothing runs it.`,
            'Move it into src/ (only src/ and node_modules/ stay local).',
          )
        : error(
            `${shown(functionDir, join(functionDir, file.path))} is TypeScript at the function's root. The cloud runs index.js; DevTools is reported to fail to deploy a folder holding both index.ts and index.js.`,
            'Move it into src/ and import it from src/index.ts, then run `npm run build`.',
          ),
    );

/** package.json points at index.js and depends on wx-server-sdk 4.x only. */
export const checkPackageJson: FunctionCheck = async (functionDir) => {
  const file = join(functionDir, 'package.json');
  const name = shown(functionDir, file);
  const parsed = readJsonObject(file);
  if (typeof parsed === 'string') {
    return [error(`${name} ${parsed}`, `Restore it: \`git checkout -- ${name}\`.`)];
  }
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
  const sdkFix = `Set "dependencies": { "${SDK}": "${SDK_EXAMPLE_RANGE}" } in ${name}.`;
  if (typeof dependencies !== 'object' || dependencies === null || Array.isArray(dependencies)) {
    findings.push(error(`${name} has no "dependencies" object, so the cloud-side npm install would not install ${SDK}.`, sdkFix));
    return findings;
  }
  const sdkRange = (dependencies as Record<string, unknown>)[SDK];
  if (sdkRange === undefined) {
    findings.push(error(`${name} does not depend on ${SDK}; index.js requires it and the cloud installs it from here.`, sdkFix));
  } else if (typeof sdkRange !== 'string' || validRange(sdkRange) === null) {
    findings.push(
      error(
        `${name} asks for ${SDK} ${JSON.stringify(sdkRange)}, which is not a semver range, so the installed version is unknown.`,
        sdkFix,
      ),
    );
  } else if (!subset(sdkRange, SDK_MAJOR_RANGE)) {
    findings.push(
      error(
        `${name} allows ${SDK} "${sdkRange}", which is not within ${SDK_MAJOR_RANGE}; the function is written and tested against ${SDK} 4 (its error codes and camelCase conversion).`,
        sdkFix,
      ),
    );
  }
  for (const other of Object.keys(dependencies).filter((dependency) => dependency !== SDK)) {
    findings.push(
      error(
        `${name} depends on "${other}". The function's only runtime dependency is ${SDK}: esbuild inlines everything else into index.js, and every extra package slows the cloud-side install and cold start.`,
        `Remove "${other}" from ${name}; if src/ uses it, add it to the root package.json (\`npm install --save-dev ${other}\`) so the bundle inlines it.`,
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

/** config.json grants the cloud call the function makes. */
export const checkOpenApiPermission: FunctionCheck = async (functionDir) => {
  const file = join(functionDir, 'config.json');
  const name = shown(functionDir, file);
  const fix = `Make ${name} hold {"permissions": {"openapi": ["${REQUIRED_OPENAPI}"]}}.`;
  const parsed = readJsonObject(file);
  if (typeof parsed === 'string') return [error(`${name} ${parsed}`, fix)];
  const permissions = parsed['permissions'];
  const openapi = typeof permissions === 'object' && permissions !== null ? (permissions as Record<string, unknown>)['openapi'] : undefined;
  if (!Array.isArray(openapi) || !openapi.includes(REQUIRED_OPENAPI)) {
    return [
      error(
        `${name} does not grant "${REQUIRED_OPENAPI}" in permissions.openapi, so every getWaybill call would fail with -604101 (no permission for this API).`,
        fix,
      ),
    ];
  }
  return [];
};

/** The checks in the order they are reported, each with what it proves when it passes. */
export const FUNCTION_CHECKS: readonly { passed: string; run: FunctionCheck }[] = [
  { passed: 'no TypeScript is uploaded', run: checkNoTypeScriptUploaded },
  { passed: `package.json: main is index.js, the only dependency is ${SDK} ${SDK_MAJOR_RANGE}`, run: checkPackageJson },
  { passed: `config.json grants ${REQUIRED_OPENAPI}`, run: checkOpenApiPermission },
];

export async function checkFunctionFolder(functionDir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of FUNCTION_CHECKS) findings.push(...(await check.run(functionDir)));
  return findings;
}

function error(problem: string, fix: string): Finding {
  return { severity: 'error', problem, fix };
}

/** A path as the reader knows it: relative to the project root (two levels above the function). */
function shown(functionDir: string, path: string): string {
  return relative(resolve(functionDir, '..', '..'), path) || basename(path);
}

/** The file's top-level object, or a sentence (completing "<file> ...") saying why there is none. */
function readJsonObject(file: string): Record<string, unknown> | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'is missing.';
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return 'does not hold a JSON object.';
  } catch (failure) {
    return `is not valid JSON (${(failure as Error).message}).`;
  }
}
