/// <reference lib="dom" />
// Renders the waybill page's success state to a standalone HTML file, from the
// project's own code: the page's WXML through miniprogram-simulate and the
// official WXML compiler, the page's WXSS as miniprogram-simulate compiles it,
// and the page's TypeScript driven by a deep link with wx.cloud.callFunction
// answering a fixed, fictional waybill. Only WeChat's native components
// (button, input, picker, rich-text, icon) are drawn by NATIVE_LOOK below,
// because in WeChat they are native views, not HTML.
//
//   npx tsx scripts/pageSimulation/renderSuccessPicture.ts out/waybill-success.html
//   chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=750,1700 \
//     --screenshot=docs/waybill-success.png file://$PWD/out/waybill-success.html
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import { JSDOM } from 'jsdom';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';

const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'https://servicewechat.com/' });
const globals = globalThis as unknown as Record<string, unknown>;
for (const name of [
  'window',
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
  globals[name] = name === 'window' ? dom.window : (dom.window as unknown as Record<string, unknown>)[name];
}

// A fictional sandbox-style answer: nobody's real name, phone or address.
const FIXTURE: GetWaybillResult & { ok: true } = {
  ok: true,
  waybill: {
    orderId: 'demo-20240601-0001',
    deliveryId: 'SF',
    waybillId: 'SF1400012345678',
    orderStatus: 0,
    status: 'normal',
    waybillData: [
      { key: 'SF_bagAddr', value: '华南集散中心', label: '集包地' },
      { key: 'SF_mark', value: '755WF-020', label: '大头笔' },
      { key: 'SF_routeCode', value: 'R12' },
    ],
    labelHtml:
      '<html lang="en"><head><style>td{padding:4px}</style></head><body>' +
      '<table style="width:100%;border-collapse:collapse;border:1px solid #000;font-size:26px">' +
      '<tr><td style="border:1px solid #000;font-size:40px;font-weight:bold" colspan="2">755WF-020</td></tr>' +
      '<tr><td style="border:1px solid #000">收</td><td style="border:1px solid #000">示例收件人 138****0000<br/>示例省 示例市 示例路 1 号</td></tr>' +
      '<tr><td style="border:1px solid #000">寄</td><td style="border:1px solid #000">示例寄件人 139****0000<br/>示例省 示例市 示例街 2 号</td></tr>' +
      '<tr><td style="border:1px solid #000" colspan="2">运单号 SF1400012345678（示例面单）</td></tr>' +
      '</table></body></html>',
    labelWithheld: false,
  },
};

// 1rpx renders as 1px here (miniprogram-simulate's conversion), so a 750px-wide window is a phone at 2x.
const NATIVE_LOOK = `
body { margin: 0; background: #ededed; color: rgba(0,0,0,.9); font-size: 32px; line-height: 1.4;
  font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
wx-view, wx-picker, wx-input, wx-rich-text { display: block; }
wx-input [data-value]::before { content: attr(data-value); }
wx-input [data-value=""]::before { content: attr(data-placeholder); color: rgba(0,0,0,.3); }
wx-button > wx-view { display: block; box-sizing: border-box; text-align: center; border-radius: 16px; font-weight: 500;
  font-size: 34px; line-height: 96px; background: #f2f2f2; color: #06ae56; }
wx-button[class*="query-button"] > wx-view { background: #07c160; color: #fff; }
wx-button[class*="copy-button"] { display: block; }
wx-button[class*="copy-button"] > wx-view { font-size: 26px; line-height: 56px; padding: 0 28px; border-radius: 8px; color: rgba(0,0,0,.9); }
wx-icon { display: inline-block; width: 96px; height: 96px; border-radius: 50%; background: #fa5151; }
`;

const PAGE = path.resolve(__dirname, '../../miniprogram/pages/waybill/index');

/**
 * miniprogram-simulate requires the page without an extension. Node tries .json
 * before tsx's .ts, and the page has an index.json, so point that one path at index.ts.
 */
function resolvePageToTypeScript(): void {
  const moduleApi = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = moduleApi._resolveFilename;
  moduleApi._resolveFilename = (request, ...rest) => resolve.call(Module, request === PAGE ? `${PAGE}.ts` : request, ...rest);
}

async function main(outFile: string): Promise<void> {
  resolvePageToTypeScript();
  // miniprogram-simulate reads window at load time, so it comes after the globals above.
  const simulate = (await import('miniprogram-simulate')).default;
  const { registerNativeStandIns } = await import('./nativeStandIns');
  registerNativeStandIns();
  const wx = globals.wx as Record<string, unknown>;
  wx.cloud = { callFunction: async () => ({ result: FIXTURE, errMsg: 'cloud.callFunction:ok' }) };
  wx.stopPullDownRefresh = () => undefined;

  const page = simulate.render(simulate.load(PAGE));
  page.attach(document.createElement('parent-wrapper'));
  (page.instance as unknown as { onLoad(query: Record<string, string>): void }).onLoad({
    orderId: FIXTURE.waybill.orderId,
    deliveryId: 'SF',
  });
  for (let i = 0; i < 10; i++) await Promise.resolve();

  const root = page.dom;
  if (root === undefined) throw new Error('the page did not render');
  // rich-text draws its nodes; here the label goes in as the page passed it.
  root.querySelectorAll('[data-nodes]').forEach((node) => {
    node.innerHTML = node.getAttribute('data-nodes') ?? '';
  });
  const pageStyles = Array.from(document.querySelectorAll('style'))
    .map((style) => style.textContent ?? '')
    .join('\n');
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${NATIVE_LOOK}</style><style>${pageStyles}</style></head><body>${root.outerHTML}</body></html>`;
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, html);
  process.stdout.write(`${outFile}: ${Buffer.byteLength(html)} bytes\n`);
}

main(process.argv[2] ?? 'out/waybill-success.html').catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
