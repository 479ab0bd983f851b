/** @jest-environment jsdom */
// docs/integrate.md cannot drift: every code block names its file; the new
// pages it shows are written into a copy of miniprogram/, type-checked with the
// mini program's own tsconfig and rendered with miniprogram-simulate around
// the real <waybill-card>; the files it quotes from this repository are quoted
// as they are. A page a newcomer wrote from the guide alone (newcomerPage/)
// goes through the same.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import simulate from 'miniprogram-simulate';
import * as ts from 'typescript';
import { CALL_OUTCOMES, ERROR_OUTCOMES, FIELD_MARKED_OUTCOME } from '../../miniprogram/components/waybill/userText';
import { callResult, deferred, mockWx, settle, type PageComponent, type WxMocks } from '../support/pageHarness';
import { sampleWaybill } from '../../scripts/pagePictures/sampleWaybill';

const ROOT = path.resolve(__dirname, '../..');
const GUIDE = fs.readFileSync(path.join(ROOT, 'docs/integrate.md'), 'utf8');

interface Snippet {
  file: string;
  language: string;
  code: string;
}

/** Each fenced block with the file it names: a first-line comment, or (JSON) a `path` on the line above. */
function snippets(markdown: string): Snippet[] {
  const found: Snippet[] = [];
  for (const match of markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const [, language, code] = match;
    const before = markdown.slice(0, match.index).trimEnd().split('\n').pop() ?? '';
    const named =
      /^\/\/ (\S+)\n/.exec(code)?.[1] ?? /^<!-- (\S+) -->\n/.exec(code)?.[1] ?? (language === 'json' ? /`([^`]+\.json)`/.exec(before)?.[1] : undefined);
    if (named === undefined) throw new Error(`a ${language} block of docs/integrate.md names no file:\n${code}`);
    found.push({ file: named, language, code });
  }
  return found;
}

const SNIPPETS = snippets(GUIDE);
const NEW_FILES = SNIPPETS.filter((snippet) => !fs.existsSync(path.join(ROOT, snippet.file)));
const QUOTED = SNIPPETS.filter((snippet) => !NEW_FILES.includes(snippet));

const NEWCOMER_DIR = path.join(__dirname, 'newcomerPage');
const NEWCOMER_PAGE = 'miniprogram/pages/shipment/index';

let copy: string;

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'integrate-'));
  fs.cpSync(path.join(ROOT, 'miniprogram'), path.join(copy, 'miniprogram'), { recursive: true });
  for (const snippet of NEW_FILES) {
    fs.mkdirSync(path.dirname(path.join(copy, snippet.file)), { recursive: true });
    fs.writeFileSync(path.join(copy, snippet.file), snippet.code);
  }
  fs.mkdirSync(path.join(copy, path.dirname(NEWCOMER_PAGE)), { recursive: true });
  for (const name of fs.readdirSync(NEWCOMER_DIR)) {
    fs.copyFileSync(path.join(NEWCOMER_DIR, name), path.join(copy, path.dirname(NEWCOMER_PAGE), name));
  }
});

afterAll(() => {
  fs.rmSync(copy, { recursive: true, force: true });
});

describe('the guide', () => {
  test('shows both pages whole: json, wxml and ts of an order-detail page and of a page of one’s own', () => {
    const files = NEW_FILES.map((snippet) => snippet.file).sort();
    expect(files).toEqual(
      ['orderDetail', 'myWaybill'].flatMap((page) => ['json', 'ts', 'wxml'].map((ext) => `miniprogram/pages/${page}/index.${ext}`)).sort(),
    );
  });

  test('quotes files of this repository as they are (whole, or for JSON the settings it names)', () => {
    expect(QUOTED.map((snippet) => snippet.file).sort()).toEqual(['miniprogram/app.ts', 'project.config.json']);
    for (const snippet of QUOTED) {
      const actual = fs.readFileSync(path.join(ROOT, snippet.file), 'utf8');
      if (snippet.language === 'json') expect(JSON.parse(actual)).toMatchObject(JSON.parse(snippet.code));
      else expect(snippet.code.replace(/^\/\/ \S+\n/, '')).toBe(actual); // the block's first line only names the file
    }
  });

  test('every JSON block is JSON, and the component is one usingComponents line', () => {
    for (const snippet of SNIPPETS.filter((s) => s.language === 'json')) expect(() => JSON.parse(snippet.code)).not.toThrow();
    const orderDetail = JSON.parse(NEW_FILES.find((s) => s.file.endsWith('orderDetail/index.json'))?.code ?? '{}');
    expect(orderDetail.usingComponents).toEqual({ 'waybill-card': '/components/waybill/index' });
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('"waybill-card": "/components/waybill/index"');
  });

  test('names the component’s properties and events as the component declares them', () => {
    const component = fs.readFileSync(path.join(ROOT, 'miniprogram/components/waybill/index.ts'), 'utf8');
    for (const property of ['orderId', 'deliveryId', 'waybillId', 'showTrack', 'printType', 'markFields']) {
      expect(component).toMatch(new RegExp(`^    ${property}: \\{ type:`, 'm'));
      expect(GUIDE).toContain(`\`${property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\``);
    }
    for (const event of ['loading', 'load', 'error', 'copy']) {
      expect(component).toContain(`this.triggerEvent('${event}'`);
      expect(GUIDE).toContain(`\`${event}\``);
    }
  });
});

test('the pages of the guide and the newcomer’s page type-check with the mini program’s tsconfig', () => {
  const configPath = path.join(copy, 'miniprogram/tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(configPath));
  // The copy lives outside the repository: its typings come from the repository's node_modules.
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, typeRoots: [path.join(ROOT, 'node_modules')] } });
  const checked = parsed.fileNames.map((file) => path.relative(copy, file));
  expect(checked).toEqual(expect.arrayContaining(['miniprogram/pages/orderDetail/index.ts', 'miniprogram/pages/myWaybill/index.ts', `${NEWCOMER_PAGE}.ts`]));
  const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(errors).toEqual([]);
});

/** Renders a page of the copy with its components; each page loads its own copy of the modules (simulate caches them). */
function render(page: string, query: Record<string, string>): PageComponent {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(copy, page), { rootPath: path.join(copy, 'miniprogram') });
  });
  const rendered = simulate.render(id);
  rendered.attach(document.createElement('parent-wrapper'));
  (rendered.instance as unknown as { onLoad(query: Record<string, string>): void }).onLoad(query);
  return rendered;
}

function readable(page: PageComponent): string {
  return (page.dom?.textContent ?? '').replace(/\s+/g, ' ');
}

const ORDER = { orderId: 'demo-20240601-0001', deliveryId: 'SF' };

describe('the order-detail page of the guide', () => {
  let wx: WxMocks;
  beforeEach(() => {
    wx = mockWx();
  });

  test('shows the waybill and its track from the order’s id and carrier; pull-down asks again', async () => {
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = render('miniprogram/pages/orderDetail/index', { id: ORDER.orderId, deliveryId: 'SF' });
    await settle();
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { ...ORDER, includeTrack: true } });
    expect(readable(page)).toContain('订单 demo-20240601-0001');
    expect(readable(page)).toContain('SF1400012345678');
    expect(readable(page)).toContain('顺丰速运');
    expect(readable(page)).toContain('更新于 06-02 16:05');

    const again = deferred<unknown>();
    wx.callFunction.mockReturnValueOnce(again.promise);
    (page.instance as unknown as { onPullDownRefresh(): void }).onPullDownRefresh();
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(wx.stopPullDownRefresh).not.toHaveBeenCalled();
    again.resolve(callResult({ ok: true, waybill: sampleWaybill({ orderStatus: 1, status: 'cancelled' }) }));
    await settle();
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
    expect(readable(page)).toContain('已取消');
  });

  test('a field the function refused reads as what to check, since this page has no form to mark', async () => {
    const error = { code: 'INVALID_ARGUMENT', message: 'orderId has a bad format.', retryable: false, field: 'orderId', rule: 'format' };
    wx.callFunction.mockResolvedValue(callResult({ ok: false, error }));
    const page = render('miniprogram/pages/orderDetail/index', { id: ORDER.orderId, deliveryId: 'SF' });
    await settle();
    expect(readable(page)).toContain(ERROR_OUTCOMES.INVALID_ARGUMENT.action);
    expect(readable(page)).not.toContain(FIELD_MARKED_OUTCOME.action);
  });

  test('a function that is not deployed reads in Chinese in the card, and the page hears why', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    wx.callFunction.mockRejectedValue({ errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found.' });
    const page = render('miniprogram/pages/orderDetail/index', { id: ORDER.orderId, deliveryId: 'SF' });
    await settle();
    expect(readable(page)).toContain(CALL_OUTCOMES.functionNotDeployed.title);
    expect(warn).toHaveBeenCalledWith('waybill failed', 'functionNotDeployed');
    warn.mockRestore();
  });
});

describe('the page of one’s own with the typed call', () => {
  beforeEach(() => {
    mockWx();
  });

  test('shows the carrier, the waybill id and the status words of the catalogue', async () => {
    const wx = mockWx();
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill() }));
    const page = render('miniprogram/pages/myWaybill/index', ORDER);
    await settle();
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: ORDER });
    expect(page.querySelector('#status')?.dom?.textContent).toBe('顺丰速运 SF1400012345678：正常');
  });

  test('a second tap on 重试 while the first call is out sends nothing', async () => {
    const wx = mockWx();
    wx.callFunction.mockRejectedValueOnce(new Error('cloud.callFunction:fail request:fail'));
    const page = render('miniprogram/pages/myWaybill/index', ORDER);
    await settle();
    let answer: (value: unknown) => void = () => undefined;
    wx.callFunction.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const component = page as unknown as { instance: { load(): Promise<void> } };
    void component.instance.load();
    void component.instance.load();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    answer(callResult({ ok: true, waybill: sampleWaybill() }));
    await settle();
    expect(page.querySelector('#status')?.dom?.textContent).toContain('SF1400012345678');
  });

  test('a call that fails offline shows the Chinese title and sentence, and 重试 asks again', async () => {
    const wx = mockWx();
    wx.callFunction.mockRejectedValueOnce(new Error('cloud.callFunction:fail request:fail'));
    const page = render('miniprogram/pages/myWaybill/index', ORDER);
    await settle();
    expect(page.querySelector('#problem')?.dom?.textContent).toBe(`${CALL_OUTCOMES.noNetwork.title}：${CALL_OUTCOMES.noNetwork.action}`);
    wx.callFunction.mockResolvedValueOnce(callResult({ ok: true, waybill: sampleWaybill() }));
    page.querySelector('#retry')?.dispatchEvent('tap');
    await settle();
    expect(wx.callFunction).toHaveBeenCalledTimes(2);
    expect(page.querySelector('#status')?.dom?.textContent).toContain('SF1400012345678');
  });
});

describe('a page a newcomer wrote from the guide alone', () => {
  test('renders the card for a sandbox order, without the track, with a one-part label, and hears the load', async () => {
    const wx = mockWx();
    wx.callFunction.mockResolvedValue(callResult({ ok: true, waybill: sampleWaybill({ deliveryId: 'TEST', track: undefined }) }));
    const page = render(NEWCOMER_PAGE, { orderId: 'TEST_ORDER_0001' });
    await settle();
    expect(wx.callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST', printType: 1 } });
    expect(page.querySelector('#found')?.dom?.textContent).toBe('找到运单 SF1400012345678');
    expect(readable(page)).toContain('测试快递（沙箱）');
  });
});
