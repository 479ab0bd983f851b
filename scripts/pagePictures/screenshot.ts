// Screenshots an HTML file with headless Chromium, driven by playwright-core
// over a pipe (no port, no network), with the system Chromium and exactly the
// flags below (none of Playwright's own): the page is laid out at the phone's
// width, measured, and captured whole. pngquant, when installed, then shrinks
// the PNG to a palette image (a few tens of KB instead of hundreds).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser as ChromiumBrowser } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
  '--remote-debugging-pipe',
];

/** `name` as the shell would find it on the PATH; undefined when it is not there. */
function onPath(name: string): string | undefined {
  if (name.includes(path.sep)) return fs.existsSync(name) ? name : undefined;
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find((candidate) => fs.existsSync(candidate));
}

export class Browser {
  private constructor(
    private readonly browser: ChromiumBrowser,
    private readonly profile: string,
  ) {}

  /** Starts Chromium (`$CHROMIUM`, or `chromium` on the PATH) with an empty profile. */
  static async launch(executable: string = process.env.CHROMIUM ?? 'chromium'): Promise<Browser> {
    const found = onPath(executable);
    if (found === undefined) {
      throw new Error(`${executable} not found: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM to a Chromium binary)`);
    }
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'page-pictures-'));
    const browser = await chromium.launch({
      executablePath: found,
      // Only these flags, so the pictures are drawn as they always were (Playwright's defaults change colours and fonts).
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, 'about:blank'],
    });
    return new Browser(browser, profile);
  }

  /** A PNG of the whole page, `width` CSS pixels wide and at least `minHeight` tall. */
  async screenshot(htmlFile: string, width: number, minHeight: number): Promise<Buffer> {
    const page = await this.browser.newPage({ viewport: { width, height: minHeight }, deviceScaleFactor: 1, isMobile: false });
    try {
      await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: 'load' });
      const height = await page.evaluate(() =>
        document.fonts.ready.then(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
      );
      if (!(height > 0)) throw new Error(`could not measure ${htmlFile}`);
      await page.setViewportSize({ width, height: Math.max(height, minHeight) });
      // The page as it is: no caret hidden, no animation stopped (it has none), the viewport only.
      return await page.screenshot({ type: 'png', caret: 'initial', animations: 'allow' });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The PNG through pngquant when it is installed; otherwise the PNG as it is, and a note saying so. */
export function compressPng(png: Buffer, log: (line: string) => void): Buffer {
  const run = spawnSync('pngquant', ['--quality=60-85', '--speed=1', '--strip', '-'], { input: png, maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined) {
    log('pngquant not found (apt-get install -y pngquant): keeping the uncompressed PNG');
    return png;
  }
  if (run.status !== 0) throw new Error(`pngquant failed (${run.status}): ${run.stderr.toString()}`);
  return run.stdout;
}
