// npm run pictures: renders every picture of the waybill page (PICTURE_STATES)
// from the page's own WXML, WXSS and TypeScript to HTML in out/pictures/, then
// screenshots each with headless Chromium into docs/<name>.png (compressed by
// pngquant when it is there). See docs/page.md.
//
//   npm run pictures                    HTML and PNGs (needs chromium; pngquant optional)
//   npm run pictures -- --html-only     HTML only, no browser (what the tests run)
//   options: --out-dir DIR (HTML, default out/pictures), --docs-dir DIR (PNGs, default docs), --only NAME
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import { JSDOM } from 'jsdom';
import { PICTURE_STATES } from './pagePictures/pictureStates';
import { Browser, compressPng } from './pagePictures/screenshot';

const ROOT = path.resolve(__dirname, '..');
const PHONE_WIDTH = 750; // CSS px = rpx here: a 375 pt phone at 2x
const PHONE_HEIGHT = 1334;

interface Options {
  htmlOnly: boolean;
  outDir: string;
  docsDir: string;
  only: string | undefined;
}

function parseOptions(args: string[]): Options {
  const options: Options = { htmlOnly: false, outDir: path.join(ROOT, 'out/pictures'), docsDir: path.join(ROOT, 'docs'), only: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--html-only') options.htmlOnly = true;
    else if (arg === '--out-dir') options.outDir = path.resolve(value());
    else if (arg === '--docs-dir') options.docsDir = path.resolve(value());
    else if (arg === '--only') options.only = value();
    else throw new Error(`unknown option ${arg} (use --html-only, --out-dir DIR, --docs-dir DIR, --only NAME)`);
  }
  return options;
}

/** miniprogram-simulate needs a DOM when it loads: jsdom's window, document and friends as globals. */
function installDom(): void {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'https://servicewechat.com/' });
  const globals = globalThis as unknown as Record<string, unknown>;
  const window = dom.window as unknown as Record<string, unknown>;
  for (const name of [
    'document',
    'navigator',
    'Node',
    'Element',
    'HTMLElement',
    'Event',
    'CustomEvent',
    'MutationObserver',
    'getComputedStyle',
  ]) {
    globals[name] = window[name];
  }
  globals.window = dom.window;
}

/**
 * miniprogram-simulate requires the page and its components without an extension. Node tries
 * .json before tsx's .ts, and each has an index.json, so point those paths at their index.ts.
 */
function resolvePageToTypeScript(pagePath: string): void {
  const root = path.resolve(pagePath, '../../..');
  const moduleApi = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = moduleApi._resolveFilename;
  moduleApi._resolveFilename = (request, ...rest) => {
    const isPart = request.startsWith(root) && path.basename(request) === 'index' && fs.existsSync(`${request}.ts`);
    return resolve.call(Module, isPart ? `${request}.ts` : request, ...rest);
  };
}

async function main(options: Options): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const states = PICTURE_STATES.filter((state) => options.only === undefined || state.name === options.only);
  if (states.length === 0) throw new Error(`no picture is called ${options.only}`);
  installDom();
  // Loaded after the DOM: miniprogram-simulate reads window as it loads.
  const { PAGE_PATH, renderStateHtml } = await import('./pagePictures/renderPageHtml');
  resolvePageToTypeScript(PAGE_PATH);

  fs.mkdirSync(options.outDir, { recursive: true });
  const htmlFiles: string[] = [];
  for (const state of states) {
    const file = path.join(options.outDir, `${state.name}.html`);
    fs.writeFileSync(file, await renderStateHtml(state));
    htmlFiles.push(file);
    log(`${path.relative(process.cwd(), file)}`);
  }
  if (options.htmlOnly) return;

  const browser = await Browser.launch();
  try {
    fs.mkdirSync(options.docsDir, { recursive: true });
    for (const [index, state] of states.entries()) {
      const png = await browser.screenshot(htmlFiles[index], PHONE_WIDTH, state.only === undefined ? PHONE_HEIGHT : 1);
      const file = path.join(options.docsDir, `${state.name}.png`);
      const small = compressPng(png, log);
      fs.writeFileSync(file, small);
      log(`${path.relative(process.cwd(), file)}: ${Math.round(small.length / 1024)} KB`);
    }
  } finally {
    await browser.close();
  }
}

main(parseOptions(process.argv.slice(2))).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
