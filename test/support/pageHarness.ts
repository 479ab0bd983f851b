/// <reference lib="dom" />
// Loads the waybill page in miniprogram-simulate (official WXML compiler, jsdom)
// with the wx APIs the page calls replaced by jest mocks, and reads the page
// the way a user sees it: the page's own elements and those of the
// <waybill-card> component inside it, as one screen.
import * as path from 'path';
import simulate from 'miniprogram-simulate';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { registerNativeStandIns } from '../../scripts/pagePictures/nativeStandIns';

/** The mini program's root: `usingComponents` paths starting with / are resolved from here, as DevTools does. */
const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');
const PAGE_PATH = path.join(MINIPROGRAM_ROOT, 'pages/waybill/index');

// Native components show their attributes (value, disabled, loading, aria-label, nodes) as data-* (see nativeStandIns).
registerNativeStandIns();

export type EnvVersion = 'develop' | 'trial' | 'release';

export interface WxMocks {
  callFunction: jest.Mock;
  setClipboardData: jest.Mock;
  showToast: jest.Mock;
  stopPullDownRefresh: jest.Mock;
  getAccountInfoSync: jest.Mock;
}

/** The account info of a build flavour, as wx.getAccountInfoSync returns it. */
function accountInfo(envVersion: EnvVersion): WechatMiniprogram.AccountInfo {
  return {
    miniProgram: { appId: 'wx0000000000000000', envVersion, version: envVersion === 'release' ? '1.0.0' : '' },
    plugin: { appId: '', version: '' },
  };
}

/**
 * Replaces the wx APIs the page calls; everything else stays miniprogram-simulate's.
 * The build flavour is `release` unless a test asks for another: customers are the default audience.
 */
export function mockWx(envVersion: EnvVersion = 'release'): WxMocks {
  const mocks: WxMocks = {
    callFunction: jest.fn(),
    setClipboardData: jest.fn(),
    showToast: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    getAccountInfoSync: jest.fn(() => accountInfo(envVersion)),
  };
  const wxGlobal = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  wxGlobal.cloud = { callFunction: mocks.callFunction };
  wxGlobal.setClipboardData = mocks.setClipboardData;
  wxGlobal.showToast = mocks.showToast;
  wxGlobal.stopPullDownRefresh = mocks.stopPullDownRefresh;
  wxGlobal.getAccountInfoSync = mocks.getAccountInfoSync;
  return mocks;
}

export { deferred } from './deferred';

/** Lets the page's awaits run (a resolved callFunction takes a few microtasks to reach setData). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export function callResult(result: GetWaybillResult | unknown): { result: unknown; errMsg: string } {
  return { result, errMsg: 'cloud.callFunction:ok' };
}

type PageComponent = ReturnType<typeof simulate.render>;

let pageId: string | undefined;

/** Renders a fresh page; the page module is loaded once per test file (simulate caches modules). */
export function renderPage(): PageComponent {
  pageId ??= simulate.load(PAGE_PATH, { rootPath: MINIPROGRAM_ROOT });
  const page = simulate.render(pageId);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

export interface PageMethods {
  onLoad(query: Record<string, string>): void;
  onPullDownRefresh(): void;
  onUnload(): void;
}

/** WeChat shows the page again (back from another page, or the app back in front): its components' pageLifetimes.show run. */
export function showAgain(page: PageComponent): void {
  (page as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
}

/** Collects the `detail` of each `name` event the page's waybill card triggers, as a host's bind: would. */
export function listen<T>(page: PageComponent, name: string): T[] {
  const seen: T[] = [];
  const card = page.querySelector(CARD) as unknown as { addEventListener(name: string, handler: (event: { detail: T }) => void): void };
  card.addEventListener(name, (event) => seen.push(event.detail));
  return seen;
}

export function methods(page: PageComponent): PageMethods {
  return page.instance as unknown as PageMethods;
}

/** Opens the page the way a deep link does: rendered, then onLoad with the link's query. */
export async function openWithLink(query: Record<string, string>): Promise<PageComponent> {
  const page = renderPage();
  methods(page).onLoad(query);
  await settle();
  return page;
}

/** The id of the waybill component in the demo page. */
export const CARD = '#waybill-card';

type Node = ReturnType<PageComponent['querySelector']>;

/** The first element matching `selector` in the page, or else inside its waybill component (selectors do not cross components). */
export function find(page: PageComponent, selector: string): Node {
  return page.querySelector(selector) ?? page.querySelector(CARD)?.querySelector(selector);
}

/** What the page and its waybill component hold in their data (what setData sent to the render layer). */
export function renderedData(page: PageComponent): unknown[] {
  const card = page.querySelector(CARD) as { instance?: { data?: unknown } } | undefined;
  return [page.data, card?.instance?.data];
}

export function text(page: PageComponent, selector: string): string | null {
  const node = find(page, selector);
  return node === undefined || node.dom === undefined ? null : (node.dom.textContent ?? '').trim();
}

/** A data-* attribute of a stand-in native component (see standIn). */
export function attribute(page: PageComponent, selector: string, name: string): string | null {
  const node = find(page, selector);
  if (node === undefined || node.dom === undefined) return null;
  const inner = node.dom.querySelector(`[data-${name}]`);
  return inner === null ? null : inner.getAttribute(`data-${name}`);
}

/**
 * Everything a person can read on the page: its text, and what the native
 * components show or say (values, placeholders, aria-labels).
 */
export function readableText(page: PageComponent): string {
  const root = page.dom;
  if (root === undefined) return '';
  const said = Array.from(root.querySelectorAll('[data-placeholder], [data-aria-label], [data-value]')).flatMap((node) =>
    ['data-placeholder', 'data-aria-label', 'data-value'].map((name) => node.getAttribute(name) ?? ''),
  );
  return [root.textContent ?? '', ...said].join('\n');
}

// j-component delivers events in a microtask, so each gesture settles before it returns.
async function dispatch(page: PageComponent, selector: string, name: string, detail?: unknown): Promise<void> {
  const node = find(page, selector);
  if (node === undefined) throw new Error(`nothing matches ${selector}`);
  node.dispatchEvent(name, detail === undefined ? {} : { detail });
  await settle();
}

/** A tap as the platform delivers it: a disabled button receives none. */
export async function tap(page: PageComponent, selector: string): Promise<void> {
  if (attribute(page, selector, 'disabled') === 'true') return;
  await dispatch(page, selector, 'tap');
}

export async function type(page: PageComponent, selector: string, value: string): Promise<void> {
  await dispatch(page, selector, 'input', { value });
}

export async function pick(page: PageComponent, selector: string, index: number): Promise<void> {
  await dispatch(page, selector, 'change', { value: String(index) });
}

export type { PageComponent };
