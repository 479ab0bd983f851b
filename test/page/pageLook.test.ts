// The look of the demo page and its waybill component, read from their own
// files so it cannot drift: colours come from variables set for a light and a
// dark theme (theme.wxss, shared by both), every text colour is readable (WCAG
// contrast >= 4.5:1) on its background in both, the navigation bar follows the
// theme, and long names wrap instead of overlapping.
import * as fs from 'fs';
import * as path from 'path';

const MINIPROGRAM = path.resolve(__dirname, '../../miniprogram');
/** The component's palette, the component's own rules and the page's form rules, each file without its @import. */
const WXSS = ['components/waybill/theme.wxss', 'components/waybill/index.wxss', 'pages/waybill/index.wxss']
  .map((file) => fs.readFileSync(path.join(MINIPROGRAM, file), 'utf8').replace(/@import[^;]*;/g, ''))
  .join('\n');
/** Where the palette's variables are set: the root class of the page and of the component. */
const PALETTE = '.waybill-theme';

interface Rule {
  media: string | null;
  selectors: string[];
  declarations: Record<string, string>;
}

/** Enough of CSS for one hand-written stylesheet: rules, and rules inside @media. */
function parseRules(css: string, media: string | null = null): Rule[] {
  const rules: Rule[] = [];
  const source = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{', at);
    if (open < 0) break;
    const head = source.slice(at, open).trim();
    let depth = 1;
    let close = open + 1;
    for (; close < source.length && depth > 0; close++) {
      if (source[close] === '{') depth++;
      else if (source[close] === '}') depth--;
    }
    const body = source.slice(open + 1, close - 1);
    if (head.startsWith('@media')) {
      rules.push(...parseRules(body, head));
    } else {
      const declarations: Record<string, string> = {};
      for (const part of body.split(';')) {
        const colon = part.indexOf(':');
        if (colon > 0) declarations[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
      }
      rules.push({ media, selectors: head.split(',').map((selector) => selector.trim()), declarations });
    }
    at = close;
  }
  return rules;
}

const RULES = parseRules(WXSS);
const DARK = /prefers-color-scheme:\s*dark/;

function variables(theme: 'light' | 'dark'): Record<string, string> {
  const pageRules = RULES.filter(
    (rule) => rule.selectors.includes(PALETTE) && (rule.media === null || (theme === 'dark' && DARK.test(rule.media))),
  );
  const values: Record<string, string> = {};
  for (const rule of pageRules) {
    for (const [name, value] of Object.entries(rule.declarations)) if (name.startsWith('--')) values[name] = value;
  }
  return values;
}

function declaration(selector: string, property: string): string | undefined {
  return RULES.filter((rule) => rule.media === null && rule.selectors.includes(selector)).find((rule) => property in rule.declarations)
    ?.declarations[property];
}

type Rgba = [number, number, number, number];

function parseColour(value: string): Rgba {
  const hex = /^#([0-9a-f]{6})$/i.exec(value);
  if (hex !== null) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 1];
  }
  const rgba = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(value);
  if (rgba !== null) return [Number(rgba[1]), Number(rgba[2]), Number(rgba[3]), rgba[4] === undefined ? 1 : Number(rgba[4])];
  throw new Error(`not a colour this test reads: ${value}`);
}

function resolve(value: string, theme: 'light' | 'dark'): Rgba {
  const reference = /^var\((--[\w-]+)\)$/.exec(value);
  if (reference === null) throw new Error(`${value} is not a colour variable`);
  const resolved = variables(theme)[reference[1]];
  if (resolved === undefined) throw new Error(`${reference[1]} is not set for the ${theme} theme`);
  return parseColour(resolved);
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const linear = (c: number): number => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Each text colour and what it sits on: its own background where it has one, over the card or page it is in. */
const TEXT_ON: Array<[selector: string, container: '--card-bg' | '--page-bg']> = [
  ['.reference', '--card-bg'], // the small grey error code and errCode
  ['.timeline__time', '--card-bg'],
  ['.cell__key', '--card-bg'],
  ['.placeholder', '--card-bg'],
  ['.note', '--card-bg'],
  ['.section-title', '--page-bg'],
  ['.hint', '--page-bg'],
  ['.field-error', '--card-bg'],
  ['.cell--invalid .cell__head', '--card-bg'],
  ['.timeline__text', '--card-bg'],
  ['.track__stage', '--card-bg'],
  ['.track__stage--done', '--card-bg'],
  ['.track__stage--problem', '--card-bg'],
  ['.failure__title', '--card-bg'],
  ['.failure__message', '--card-bg'],
  ['.status--normal', '--card-bg'],
  ['.status--cancelled', '--card-bg'],
  ['.status--unknown', '--card-bg'],
  ['.developer-help', '--card-bg'],
  ['.page', '--page-bg'],
];

describe.each(['light', 'dark'] as const)('the %s theme', (theme) => {
  test.each(TEXT_ON)('%s is readable: contrast at least 4.5:1', (selector, container) => {
    const colour = declaration(selector, 'color');
    expect(colour).toBeDefined();
    const base = resolve(`var(${container})`, theme);
    const ownBackground = declaration(selector, 'background-color');
    const background = ownBackground === undefined ? base : over(resolve(ownBackground, theme), base);
    expect(contrast(over(resolve(colour as string, theme), background), background)).toBeGreaterThanOrEqual(4.5);
  });
});

test('the dark theme sets every variable the light one does, to something else where it matters', () => {
  const light = variables('light');
  const darkOnly = RULES.filter((rule) => rule.media !== null && DARK.test(rule.media) && rule.selectors.includes(PALETTE));
  const dark = Object.assign({}, ...darkOnly.map((rule) => rule.declarations)) as Record<string, string>;
  for (const name of ['--page-bg', '--card-bg', '--text', '--text-weak', '--line']) expect(dark[name]).not.toBe(light[name]);
  for (const name of Object.keys(dark)) expect(light).toHaveProperty(name);
});

test('outside the two variable sets, every colour is a variable', () => {
  const literal = /#[0-9a-f]{3,8}\b|rgba?\(/i;
  for (const rule of RULES) {
    if (rule.selectors.includes(PALETTE)) continue;
    for (const [property, value] of Object.entries(rule.declarations)) {
      if (/color|border|shadow|background/.test(property))
        expect(`${rule.selectors.join(', ')} { ${property}: ${value} }`).not.toMatch(literal);
    }
  }
});

test('app.json turns dark mode on and its colours, and the page’s, come from theme.json in both themes', () => {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8'));
  const page = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'pages/waybill/index.json'), 'utf8'));
  const theme = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, app.themeLocation), 'utf8'));
  expect(app.darkmode).toBe(true);
  const references = [...Object.values(app.window), ...Object.values(page)].filter(
    (value) => typeof value === 'string' && value.startsWith('@'),
  );
  expect(references).toEqual(expect.arrayContaining(['@navBgColor', '@navTxtStyle', '@bgColor', '@bgTxtStyle']));
  for (const reference of references as string[]) {
    expect(theme.light).toHaveProperty(reference.slice(1));
    expect(theme.dark).toHaveProperty(reference.slice(1));
  }
  expect(theme.dark.navTxtStyle).toBe('white');
});

test('a long field name wraps in its own column instead of running into its value', () => {
  const wxml = fs.readFileSync(path.join(MINIPROGRAM, 'components/waybill/index.wxml'), 'utf8');
  expect(wxml).toMatch(/class="cell__head row__name">\{\{item\.name\}\}/);
  expect(declaration('.cell__head', 'flex-shrink')).toBe('0');
  expect(declaration('.cell__head', 'overflow-wrap')).toBe('anywhere');
  expect(declaration('.cell__value', 'min-width')).toBe('0');
  expect(declaration('.cell__value', 'overflow-wrap')).toBe('anywhere');
});

test('the component and the page both set the palette on their root, so each follows the phone’s dark mode wherever it is used', () => {
  for (const part of ['components/waybill/index', 'pages/waybill/index']) {
    const wxml = fs.readFileSync(path.join(MINIPROGRAM, `${part}.wxml`), 'utf8');
    const wxss = fs.readFileSync(path.join(MINIPROGRAM, `${part}.wxss`), 'utf8');
    expect(wxml).toMatch(/^<view class="waybill-theme /);
    expect(wxss).toMatch(/@import '(\.\.\/\.\.\/components\/waybill\/)?theme\.wxss';/);
  }
});
