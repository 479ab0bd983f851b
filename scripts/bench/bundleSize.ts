// Bundle size: what is uploaded, against the same minified and our code alone.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { BUILT, EXTERNAL_SDK, MINIFIED } from './functions';
import { kib, table, type Measurement } from './measurement';

const FILES = [
  { name: 'cloudfunctions/getWaybill/index.js (uploaded: our code + wx-server-sdk inlined, not minified)', file: BUILT },
  { name: 'the same minified (bench-only, not uploaded)', file: MINIFIED },
  { name: 'our code alone (the same build with wx-server-sdk external, bench-only)', file: EXTERNAL_SDK },
];

export const bundleSize: Measurement = async () => {
  const sizes = FILES.map(({ file }) => readFileSync(file)).map((bytes) => ({
    bytes: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
  }));
  const [uploaded] = sizes;
  return {
    title: 'Bundle size',
    summary: [
      { measure: 'bundle size, index.js', goal: '', result: `${kib(uploaded.bytes)} (gzip ${kib(uploaded.gzip)})`, figure: uploaded.bytes },
    ],
    body: [
      'The bundle inlines wx-server-sdk and everything it loads (esbuild, `target: node12`, scripts/functionBundle.ts); the cold start shows how the minified one loads.',
      table(
        'file | bytes | gzip -9',
        FILES.map(({ name }, i) => `${name} | ${sizes[i].bytes} | ${sizes[i].gzip}`),
      ),
    ].join('\n\n'),
  };
};
