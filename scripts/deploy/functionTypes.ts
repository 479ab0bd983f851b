// The type check of a function's sources, which the build does not do (esbuild
// strips types without checking them): the deploy runs it so that a type error
// never reaches the cloud. It is the project's own `tsc -p <function>/src`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const MAX_TYPE_ERRORS = 5;

/** The type errors of <functionDir>/src as "file:line:column: text", at most a few and a count of the rest; none when it checks. */
export function functionTypeErrors(functionDir: string): string[] {
  const configFile = join(functionDir, 'src', 'tsconfig.json');
  if (!existsSync(configFile)) {
    return [
      `${configFile} is missing, so the sources cannot be type-checked: copy cloudfunctions/getWaybill/src/tsconfig.json beside them.`,
    ];
  }
  const configProblems: ts.Diagnostic[] = [];
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => configProblems.push(diagnostic) },
  );
  if (config === undefined) return configProblems.map(formatDiagnostic);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  const errors = ts.getPreEmitDiagnostics(program).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  const lines = [...config.errors, ...errors].slice(0, MAX_TYPE_ERRORS).map(formatDiagnostic);
  const total = config.errors.length + errors.length;
  if (total > MAX_TYPE_ERRORS) lines.push(`... and ${total - MAX_TYPE_ERRORS} more (\`npm run typecheck\` lists them all)`);
  return lines;
}

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.file === undefined || diagnostic.start === undefined) return text;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${text}`;
}
