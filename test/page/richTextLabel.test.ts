// The label sanitiser: the same output as the regular expressions it replaced
// (kept here as the specification), and work that grows linearly with the label,
// counted by its scan meter rather than timed, on the hostile labels that took the
// old code tens of seconds.
import fc from 'fast-check';
import { labelForRichText, type ScanMeter } from '../../miniprogram/components/waybill/richTextLabel';
import { SAMPLE_LABEL_BODY, SAMPLE_LABEL_HTML } from '../../scripts/pagePictures/sampleWaybill';

/** The sanitiser as it was written first: right, but quadratic on some labels. Only small texts go in. */
function specification(html: string): string {
  const body = /<body\b[^>]*>([\s\S]*)<\/body\s*>/i.exec(html);
  const content = body === null ? html.replace(/<head\b[^>]*>[\s\S]*?<\/head\s*>/gi, '') : body[1];
  return content.replace(/<(script|style|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '').trim();
}

function metered(html: string): { label: string; scanned: number } {
  const meter: ScanMeter = { scanned: 0 };
  const label = labelForRichText(html, meter);
  return { label, scanned: meter.scanned };
}

const PIECES = [
  '<body',
  '<BODY',
  '<body class="x">',
  '<bodyx>',
  '</body>',
  '</BODY >',
  '</body\n>',
  '</body',
  '<head>',
  '<HEAD lang=a>',
  '</head>',
  '</head',
  '<style>',
  '<STYLE media=x>',
  '</style>',
  '</Style  >',
  '<script src=a>',
  '</script>',
  '</SCRIPT',
  '<title>',
  '</title>',
  '<titles>',
  '<div>',
  '</div>',
  '>',
  '<',
  '/',
  ' ',
  '\n',
  'A',
  '收件人',
];

describe('labelForRichText', () => {
  test('a whole label document becomes its body, without head, style and title', () => {
    expect(labelForRichText(SAMPLE_LABEL_HTML)).toBe(SAMPLE_LABEL_BODY);
  });

  test('a fragment without a body keeps its markup, minus head, style and script', () => {
    expect(labelForRichText('<head><title>x</title></head><style>a{}</style><div>A</div><SCRIPT src=x></SCRIPT>')).toBe('<div>A</div>');
  });

  test('reads every text as the regular expressions it replaced do', () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, (html) => labelForRichText(html) === specification(html)),
      { numRuns: 5000 },
    );
  });

  test('a normal label of about 288 KB reads as before', () => {
    const rows = SAMPLE_LABEL_BODY.repeat(Math.ceil(288_000 / SAMPLE_LABEL_BODY.length));
    const html = SAMPLE_LABEL_HTML.replace(SAMPLE_LABEL_BODY, `<style>td{}</style>${rows}<script>x()</script>`);
    expect(html.length).toBeGreaterThan(288_000);
    expect(labelForRichText(html)).toBe(specification(html));
  });

  // Each of these took the old code seconds at 160 KB and four times as long at 320 KB.
  const HOSTILE: Array<[string, string]> = [
    ['<body repeated, no </body>', '<body'],
    ['<body> repeated, no </body>', '<body>'],
    ['<style repeated', '<style'],
    ['<style> repeated, no </style>', '<style>'],
    ['<head repeated', '<head'],
    ['<head> repeated, no </head>', '<head>'],
    ['<script><title><style> repeated, no closes', '<script><title><style>'],
    ['</body followed by spaces, repeated', '</body    '],
    ['<body></head repeated', '<body></head'],
  ];

  test.each(HOSTILE)('%s: 320 KB is read in a few passes over the text', (_name, unit) => {
    const html = unit.repeat(Math.ceil((320 * 1024) / unit.length));
    const { scanned } = metered(html);
    expect(scanned).toBeGreaterThanOrEqual(html.length); // the meter sees the whole text at least once
    expect(scanned).toBeLessThanOrEqual(8 * html.length);
  });

  test('work per character does not grow with the label, whatever it holds', () => {
    const unit = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(unit, (piece) => {
        const html = piece.repeat(Math.ceil(20_000 / piece.length));
        return metered(html).scanned <= 8 * html.length;
      }),
      { numRuns: 300 },
    );
  });
});
