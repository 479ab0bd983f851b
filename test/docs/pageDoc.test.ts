// docs/page.md quotes the page's Chinese at length (titles, sentences, field
// problems, track notes). Every run of Chinese it shows must be text the page
// really has: a string of the catalogue (miniprogram/components/waybill/userText.ts),
// the words of the page's or its waybill card's index.wxml, or a carrier's name from the contract.
// Rewording the catalogue without the doc (or the doc alone) fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';
import { CARRIERS } from '../../miniprogram/contract/carriers';
import { REPO_ROOT } from '../support/builtFunction';

const PAGE_DIR = path.join(REPO_ROOT, 'miniprogram', 'pages', 'waybill');
const CARD_DIR = path.join(REPO_ROOT, 'miniprogram', 'components', 'waybill');

/** Chinese, the full-width punctuation around it, and digits or white space (a wrapped line) between two Chinese characters. */
const CHINESE_RUN = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+(?:[\s0-9]+[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+)*/g;
/** Compared without white space: the doc wraps its lines where the page's text has none. */
const unspaced = (text: string): string => text.replace(/\s+/g, '');

/** The literal text of every string in a TypeScript file (a template's pieces separately), comments left out. */
function stringsOf(fileName: string): string[] {
  const file = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The text of an index.wxml outside its tags and {{ }} bindings. */
function wxmlWords(dir: string): string[] {
  return readFileSync(path.join(dir, 'index.wxml'), 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/<[^>]*>|\{\{[\s\S]*?\}\}/)
    .map((text) => text.trim())
    .filter((text) => text !== '');
}

const CATALOGUE = stringsOf(path.join(CARD_DIR, 'userText.ts'));
const PAGE_TEXT = [...CATALOGUE, ...wxmlWords(PAGE_DIR), ...wxmlWords(CARD_DIR), ...CARRIERS.map((carrier) => carrier.name)].map(unspaced);
const shown = [...new Set((readFileSync(path.join(REPO_ROOT, 'docs', 'page.md'), 'utf8').match(CHINESE_RUN) ?? []).map(unspaced))];

test('page.md quotes the catalogue at length (the extraction itself works)', () => {
  expect(shown.length).toBeGreaterThan(40);
  expect(shown).toContain('订单号太长了：最多512个字节（约170个汉字）。');
  expect(CATALOGUE).toContain('订单号太长了：最多 512 个字节（约 170 个汉字）。');
});

test.each(shown)('page.md shows %s, and the page has it', (text) => {
  expect(PAGE_TEXT.some((pageText) => pageText.includes(text))).toBe(true);
});

test('a reworded string is caught: the doc text must be found whole', () => {
  const reworded = '请核对订单号和快递公司后再查询。';
  expect(reworded.match(CHINESE_RUN)).toEqual([reworded]);
  expect(PAGE_TEXT.some((pageText) => pageText.includes(reworded))).toBe(false);
});
