/** @jest-environment jsdom */
// The pictures in docs/ come from `npm run pictures`: each state renders to
// HTML from the page's own code (in-process here, and through the command as
// docs/page.md gives it, without the browser step), shows its key text and
// none of the developers' words (the pictures are of a release build), and
// has its PNG in docs/ and its line in docs/page.md.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forceTheme, renderStateHtml } from '../../scripts/pagePictures/renderPageHtml';
import { PICTURE_STATES } from '../../scripts/pagePictures/pictureStates';

const ROOT = path.resolve(__dirname, '../..');
const DEVELOPER_WORDS = ['orderId', 'deliveryId', 'waybillId', 'addOrder', 'WAYBILL_ADMIN_OPENIDS', 'English', 'Check '];

/** What the picture lets a person read: the body's text and the native components' values and placeholders. */
function readable(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const said = Array.from(doc.body.querySelectorAll('[data-value], [data-placeholder]')).flatMap((node) => [
    node.getAttribute('data-value') ?? '',
    node.getAttribute('data-value') === '' ? (node.getAttribute('data-placeholder') ?? '') : '',
  ]);
  return [doc.body.textContent ?? '', ...said].join('\n');
}

describe.each(PICTURE_STATES.map((state) => [state.name, state] as const))('the %s picture', (_name, state) => {
  let html: string;

  beforeAll(async () => {
    html = await renderStateHtml(state);
  });

  test('renders the page’s own WXML and WXSS with the state’s key text', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('.main--query-button'); // the page's WXSS, as miniprogram-simulate compiled it
    expect(html).toContain('.waybill-card--timeline__item'); // and its waybill component's
    for (const words of state.shows) expect(readable(html)).toContain(words);
  });

  test('shows customers’ words only: it is a release build', () => {
    for (const word of DEVELOPER_WORDS) expect(readable(html)).not.toContain(word);
  });

  test('is in its theme whatever the browser prefers', () => {
    expect(html).not.toMatch(/prefers-color-scheme/);
    expect(html).toContain(state.theme === 'dark' ? '@media all' : '@media not all');
  });

  test('has its picture in docs/ and its line in docs/page.md', () => {
    const png = fs.readFileSync(path.join(ROOT, 'docs', `${state.name}.png`));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeLessThan(100 * 1024);
    expect(fs.readFileSync(path.join(ROOT, 'docs/page.md'), 'utf8')).toContain(`${state.name}.png`);
  });
});

test('the dark theme switch touches only the dark rules', () => {
  const css = 'a{color:#000}@media (prefers-color-scheme: dark){a{color:#fff}}@media (min-width:1px){b{c:d}}';
  expect(forceTheme(css, 'dark')).toBe('a{color:#000}@media all{a{color:#fff}}@media (min-width:1px){b{c:d}}');
  expect(forceTheme(css, 'light')).toBe('a{color:#000}@media not all{a{color:#fff}}@media (min-width:1px){b{c:d}}');
});

test('`npm run pictures -- --html-only` writes every picture’s HTML (the screenshot step needs chromium and is left out)', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'page-pictures-'));
  try {
    const run = spawnSync('npm', ['run', '--silent', 'pictures', '--', '--html-only', '--out-dir', outDir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const state of PICTURE_STATES) {
      const html = fs.readFileSync(path.join(outDir, `${state.name}.html`), 'utf8');
      for (const words of state.shows) expect(readable(html)).toContain(words);
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}, 60_000);
