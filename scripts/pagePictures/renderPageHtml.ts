/// <reference lib="dom" />
// Renders one state of the waybill page to a standalone HTML file, from the
// project's own code: the page's WXML through miniprogram-simulate and the
// official WXML compiler, the page's WXSS as miniprogram-simulate compiles it,
// and the page's TypeScript driven by a deep link with wx.cloud.callFunction
// answering as the state says, in a release build. Only WeChat's native
// components (button, input, textarea, picker, rich-text, icon) are drawn by
// NATIVE_LOOK below, because in WeChat they are native views, not HTML.
//
// Needs a DOM (jsdom) before it is loaded: jest's jsdom environment, or the
// globals renderPagePictures.ts sets up.
import * as path from 'path';
import simulate from 'miniprogram-simulate';
import { registerNativeStandIns } from './nativeStandIns';
import type { PictureState, Theme } from './pictureStates';

export const PAGE_PATH = path.resolve(__dirname, '../../miniprogram/pages/waybill/index');

// 1rpx renders as 1px here (miniprogram-simulate's conversion), so a 750px-wide window is a phone at 2x.
// Colours come from the page's own variables (set on <page>), so the native parts follow its theme.
const NATIVE_LOOK = `
page { display: block; min-height: 100vh; --native-button-bg: #f2f2f2; --native-button-text: #06ae56;
  --native-mini-text: rgba(0,0,0,.9); --native-disabled-bg: rgba(0,0,0,.05); --native-disabled-text: rgba(0,0,0,.2); }
@media (prefers-color-scheme: dark) {
  page { --native-button-bg: rgba(255,255,255,.08); --native-button-text: rgba(255,255,255,.8);
    --native-mini-text: rgba(255,255,255,.8); --native-disabled-bg: rgba(255,255,255,.08); --native-disabled-text: rgba(255,255,255,.2); }
}
body { margin: 0; font-size: 32px; line-height: 1.4;
  font-family: system-ui, -apple-system, "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
wx-view, wx-picker, wx-input, wx-textarea, wx-rich-text, wx-button { display: block; }
waybill-card { display: block; } /* the component's :host rule, which miniprogram-simulate leaves out */
wx-text > wx-view { display: inline; }
wx-input [data-value]::before, wx-textarea [data-value]::before { content: attr(data-value); }
wx-input [data-value=""]::before, wx-textarea [data-value=""]::before { content: attr(data-placeholder); color: var(--text-weak); }
wx-textarea [data-value] { white-space: pre-wrap; word-break: break-all; }
wx-button > wx-view { display: block; box-sizing: border-box; text-align: center; border-radius: 16px; font-weight: 500;
  font-size: 34px; line-height: 96px; background: var(--native-button-bg); color: var(--native-button-text); }
wx-button[class*="query-button"] > wx-view { background: #07c160; color: #fff; }
wx-button > wx-view[data-disabled="true"] { background: var(--native-disabled-bg); color: var(--native-disabled-text); }
wx-button[class*="copy-button"] > wx-view, wx-button[class*="track__retry"] > wx-view { font-size: 26px; line-height: 56px;
  padding: 0 28px; border-radius: 8px; color: var(--native-mini-text); }
wx-icon { display: inline-block; width: 96px; height: 96px; border-radius: 50%; background: #fa5151; }
wx-icon::after { content: "!"; display: block; text-align: center; font: bold 64px/96px sans-serif; color: #fff; }
`;

/** Makes the stylesheet's dark rules always or never apply, so a picture does not depend on the browser's setting. */
export function forceTheme(css: string, theme: Theme): string {
  return css.replace(/@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)/g, theme === 'dark' ? '@media all' : '@media not all');
}

type Wx = Record<string, unknown>;

function answerCalls(state: PictureState): void {
  const wx = (globalThis as unknown as { wx: Wx }).wx;
  const call = state.call;
  wx.cloud = {
    callFunction: async () => {
      if (call === undefined) throw new Error(`the ${state.name} picture expects no call`);
      if ('reject' in call) throw call.reject;
      return { result: call.result, errMsg: 'cloud.callFunction:ok' };
    },
  };
  wx.getAccountInfoSync = () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'release', version: '1.0.0' }, plugin: {} });
  wx.stopPullDownRefresh = () => undefined;
  wx.showToast = () => undefined;
  wx.setClipboardData = () => undefined;
}

let pageId: string | undefined;

/** The page's HTML for one state, as a standalone document (the page's WXSS and the native look inlined). */
export async function renderStateHtml(state: PictureState): Promise<string> {
  if (pageId === undefined) {
    registerNativeStandIns();
    pageId = simulate.load(PAGE_PATH, { rootPath: path.dirname(path.dirname(path.dirname(PAGE_PATH))) });
  }
  answerCalls(state);
  const page = simulate.render(pageId);
  page.attach(document.createElement('parent-wrapper'));
  (page.instance as unknown as { onLoad(query: Record<string, string>): void }).onLoad(state.link);
  for (let i = 0; i < 20; i++) await Promise.resolve();

  const root = page.dom;
  if (root === undefined) throw new Error('the page did not render');
  // rich-text draws its nodes; here the label goes in as the page passed it.
  root.querySelectorAll('[data-nodes]').forEach((node) => {
    node.innerHTML = node.getAttribute('data-nodes') ?? '';
  });
  let body = root.outerHTML;
  if (state.only !== undefined) {
    // The part may be inside the page's waybill component: selectors do not cross components.
    const part = (page.querySelector(state.only) ?? page.querySelector('#waybill-card')?.querySelector(state.only))?.dom;
    if (part === undefined) throw new Error(`the ${state.name} picture found nothing at ${state.only}`);
    // The section keeps its title, the page's padding and the palette of its themed root (theme.wxss sets the
    // colours there, not on <page>); the page's full height is not wanted here.
    const title = part.previousElementSibling?.outerHTML ?? '';
    const theme = part.closest('[class*="waybill-theme"]')?.getAttribute('class') ?? '';
    body = `<div class="${theme}" style="min-height: 0; padding-bottom: 32px; background-color: var(--page-bg)">${title}${part.outerHTML}</div>`;
  }
  const pageStyles = Array.from(document.querySelectorAll('style'))
    .map((style) => style.textContent ?? '')
    .join('\n');
  const pageMinHeight = state.only === undefined ? '' : '<style>page { min-height: 0 }</style>';
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    `<title>${state.description}</title>` +
    `<style>${forceTheme(NATIVE_LOOK, state.theme)}</style><style>${forceTheme(pageStyles, state.theme)}</style>${pageMinHeight}` +
    `</head><body><page>${body}</page></body></html>`
  );
}
