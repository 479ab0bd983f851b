// `npm run generate:invisible`: writes miniprogram/contract/invisibleCharacters.ts from the
// Unicode properties of the Node running it (scripts/invisibleCharacterClass.ts says how).
// `--check` writes nothing and exits 1 when the file is not what this Node would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedModule } from './invisibleCharacterClass';

const GENERATED_FILE = join(__dirname, '..', 'miniprogram', 'contract', 'invisibleCharacters.ts');

function main(): void {
  const wanted = generatedModule();
  if (process.argv.includes('--check')) {
    const current = readFileSync(GENERATED_FILE, 'utf8');
    if (current === wanted) return;
    process.stderr.write(`${GENERATED_FILE} is not what Unicode ${process.versions.unicode} gives: run npm run generate:invisible\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(GENERATED_FILE, wanted);
  process.stdout.write(`wrote ${GENERATED_FILE} (Unicode ${process.versions.unicode})\n`);
}

main();
