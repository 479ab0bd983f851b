// The screenshot step of `npm run pictures` (playwright-core driving the system
// Chromium). Without a Chromium the missing one is named with how to install
// it; with one (`chromium` on the PATH or $CHROMIUM), a page is captured at the
// phone's width and its measured height.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser } from '../../scripts/pagePictures/screenshot';

const chromium = [process.env.CHROMIUM, ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'chromium'))].find(
  (candidate) => candidate !== undefined && fs.existsSync(candidate),
);
const withChromium = chromium === undefined ? test.skip : test;

test('a missing Chromium is named, with how to install one', async () => {
  await expect(Browser.launch('/nonexistent/chromium')).rejects.toThrow(
    '/nonexistent/chromium not found: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM to a Chromium binary)',
  );
});

withChromium(
  'a page is captured whole: the phone’s width, its measured height (never less than the minimum)',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'page-screenshot-'));
    const browser = await Browser.launch(chromium);
    try {
      const tall = path.join(dir, 'tall.html');
      fs.writeFileSync(tall, '<!doctype html><body style="margin:0"><div style="height:2000px;background:#07c160"></div></body>');
      const short = path.join(dir, 'short.html');
      fs.writeFileSync(short, '<!doctype html><body style="margin:0"><div style="height:10px"></div></body>');
      const size = (png: Buffer): [number, number] => [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(size(await browser.screenshot(tall, 750, 1334))).toEqual([750, 2000]);
      expect(size(await browser.screenshot(short, 750, 1334))).toEqual([750, 1334]);
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  60_000,
);
