// Hostile and malformed events: each is INVALID_ARGUMENT naming the right
// field and WeChat is never called, or it is valid and reaches WeChat exactly
// as given. Nothing throws and no built-in prototype changes. The one table
// runs through the function from source and through the built bundle.
import { spawnSync } from 'child_process';
import * as espree from 'espree';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { INVISIBLE_CHARACTER, INVISIBLE_CHARACTER_UNICODE } from '../../miniprogram/contract/invisibleCharacters';
import { checkOrderId } from '../../miniprogram/contract/requestRules';
import { INVISIBLE_BY_PROPERTY, INVISIBLE_PROPERTIES } from '../../scripts/invisibleCharacterClass';
import { useBuiltFunction } from '../support/bundleHarness';
import { REPO_ROOT } from '../support/builtFunction';
import { expectedParams, isValidRequest, prototypeKeys, shapeProblems } from '../support/contractShape';
import { functionWith } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { OTHER_USER, RECEIVER_MOBILE } from '../support/people';
import { orderAnswer } from '../support/sampleAnswers';

/** `field`: the field INVALID_ARGUMENT must name; null: rejected with no field (not an object); 'valid': reaches WeChat. */
type Expect = keyof typeof BASE | 'waybillId' | 'openid' | 'printType' | 'includeTrack' | null | 'valid';
interface Case {
  name: string;
  event: unknown;
  expect: Expect;
  /** For valid events whose params are not the plain projection of own fields. */
  sends?: Record<string, unknown>;
}

const CONTRACT_DIR = path.join(REPO_ROOT, 'miniprogram', 'contract');

const BASE = { orderId: 'ORDER-001', deliveryId: 'SF' };
const withField = (field: string, value: unknown): Record<string, unknown> => ({ ...BASE, [field]: value });
const without = (field: keyof typeof BASE): Record<string, unknown> => {
  const event: Record<string, unknown> = { ...BASE };
  delete event[field];
  return event;
};

function deeplyNested(depth: number): object {
  let value: object = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const TWO_MB = 'x'.repeat(2 * 1024 * 1024);

// Every field against every wrong JSON type, empty and whitespace-only.
const WRONG_TYPES: Array<[string, unknown]> = [
  ['null', null],
  ['a number', 42],
  ['a boolean', true],
  ['an array', ['ORDER-001']],
  ['an object', { value: 'ORDER-001' }],
  ['empty', ''],
  ['whitespace only', '   '],
];
const typeCases: Case[] = (['orderId', 'deliveryId', 'waybillId', 'openid', 'printType', 'includeTrack'] as const).flatMap((field) => {
  const optional = field !== 'orderId' && field !== 'deliveryId';
  const missing: Case[] = optional
    ? [{ name: `${field} missing`, event: { ...BASE }, expect: 'valid' }]
    : [{ name: `${field} missing`, event: without(field), expect: field }];
  return [
    ...missing,
    ...WRONG_TYPES.map(([what, value]): Case => ({
      name: `${field} ${what}`,
      event: withField(field, value),
      // null means "not given" for the optional fields (requestRules' decision); includeTrack is the one boolean.
      expect: (optional && value === null) || (field === 'includeTrack' && typeof value === 'boolean') ? 'valid' : field,
    })),
  ];
});

const ASCII_512 = 'A'.repeat(512);
const HAN_512 = '中'.repeat(170) + 'ab'; // 170 * 3 + 2 bytes
const EMOJI_512 = '😀'.repeat(128); // 4 bytes each

const specificCases: Case[] = [
  // The event itself
  { name: 'event undefined', event: undefined, expect: 'orderId' },
  { name: 'event null', event: null, expect: 'orderId' },
  { name: 'event a string', event: 'ORDER-001', expect: null },
  { name: 'event a number', event: 7, expect: null },
  { name: 'event a boolean', event: false, expect: null },
  { name: 'event an array', event: [BASE], expect: null },
  { name: 'event deeply nested (10,000 levels) with no fields', event: deeplyNested(10_000), expect: 'orderId' },
  { name: 'fields only on the prototype', event: Object.create(BASE), expect: 'orderId' },
  // Length limits: orderId in UTF-8 bytes
  { name: 'orderId 512 ASCII bytes', event: withField('orderId', ASCII_512), expect: 'valid' },
  { name: 'orderId 513 ASCII bytes', event: withField('orderId', ASCII_512 + 'A'), expect: 'orderId' },
  { name: 'orderId 512 bytes of Han characters', event: withField('orderId', HAN_512), expect: 'valid' },
  { name: 'orderId 513 bytes of Han characters (171 chars)', event: withField('orderId', '中'.repeat(171)), expect: 'orderId' },
  { name: 'orderId 512 bytes of emoji (128)', event: withField('orderId', EMOJI_512), expect: 'valid' },
  { name: 'orderId 513 bytes of emoji + 1', event: withField('orderId', EMOJI_512 + 'a'), expect: 'orderId' },
  { name: 'orderId 2 MB', event: withField('orderId', TWO_MB), expect: 'orderId' },
  { name: 'orderId deeply nested object', event: withField('orderId', deeplyNested(10_000)), expect: 'orderId' },
  // Other length limits
  { name: 'deliveryId 32 chars', event: withField('deliveryId', 'D'.repeat(32)), expect: 'valid' },
  { name: 'deliveryId 33 chars', event: withField('deliveryId', 'D'.repeat(33)), expect: 'deliveryId' },
  { name: 'deliveryId 2 MB', event: withField('deliveryId', TWO_MB), expect: 'deliveryId' },
  { name: 'waybillId 64 chars', event: withField('waybillId', 'W'.repeat(64)), expect: 'valid' },
  { name: 'waybillId 65 chars', event: withField('waybillId', 'W'.repeat(65)), expect: 'waybillId' },
  { name: 'openid 128 chars', event: withField('openid', 'o'.repeat(128)), expect: 'valid' },
  { name: 'openid 129 chars', event: withField('openid', 'o'.repeat(129)), expect: 'openid' },
  // Characters in orderId
  { name: 'orderId with NUL', event: withField('orderId', 'ORDER\u0000001'), expect: 'orderId' },
  { name: 'orderId with BEL', event: withField('orderId', 'ORDER\u0007001'), expect: 'orderId' },
  { name: 'orderId with a tab', event: withField('orderId', 'ORDER\t001'), expect: 'orderId' },
  { name: 'orderId with a newline', event: withField('orderId', 'ORDER\n001'), expect: 'orderId' },
  { name: 'orderId with CRLF at the end', event: withField('orderId', 'ORDER-001\r\n'), expect: 'orderId' },
  { name: 'orderId with NEL (U+0085)', event: withField('orderId', 'ORDER\u0085001'), expect: 'orderId' },
  { name: 'orderId with LINE SEPARATOR (U+2028)', event: withField('orderId', 'ORDER\u2028001'), expect: 'orderId' },
  { name: 'orderId with PARAGRAPH SEPARATOR (U+2029)', event: withField('orderId', 'ORDER\u2029001'), expect: 'orderId' },
  { name: 'orderId with a zero-width space', event: withField('orderId', 'ORDER\u200B001'), expect: 'orderId' },
  { name: 'orderId only a zero-width space', event: withField('orderId', '\u200B'), expect: 'orderId' },
  { name: 'orderId with a BOM', event: withField('orderId', '\uFEFFORDER-001'), expect: 'orderId' },
  { name: 'orderId only a Hangul filler (U+3164)', event: withField('orderId', '\u3164'), expect: 'orderId' },
  { name: 'orderId with a blank Braille pattern (U+2800)', event: withField('orderId', 'ORDER\u2800001'), expect: 'orderId' },
  { name: 'orderId with a soft hyphen', event: withField('orderId', 'ORDER\u00AD001'), expect: 'orderId' },
  { name: 'orderId with a right-to-left override', event: withField('orderId', 'ORDER\u202E100'), expect: 'orderId' },
  { name: 'orderId ideographic spaces only', event: withField('orderId', '\u3000\u3000'), expect: 'orderId' },
  { name: 'orderId with a lone surrogate', event: withField('orderId', 'ORDER\uD800'), expect: 'orderId' },
  { name: 'orderId with emoji', event: withField('orderId', '订单😀🚚-001'), expect: 'valid' },
  // Default_Ignorable_Code_Point: Unicode renders these as nothing (issue 17 found each passing).
  { name: 'orderId with an emoji and its variation selector (U+FE0F)', event: withField('orderId', '❤️-001'), expect: 'orderId' },
  { name: 'orderId with an emoji without a variation selector', event: withField('orderId', '❤-001'), expect: 'valid' },
  { name: 'orderId with VARIATION SELECTOR-1 (U+FE00)', event: withField('orderId', 'ORDER\uFE00001'), expect: 'orderId' },
  { name: 'orderId with a Mongolian variation selector (U+180B)', event: withField('orderId', 'ORDER\u180B001'), expect: 'orderId' },
  {
    name: 'orderId with MONGOLIAN FREE VARIATION SELECTOR FOUR (U+180F)',
    event: withField('orderId', 'ORDER\u180F001'),
    expect: 'orderId',
  },
  { name: 'orderId with VARIATION SELECTOR-17 (U+E0100)', event: withField('orderId', 'ORDER\u{E0100}001'), expect: 'orderId' },
  { name: 'orderId with VARIATION SELECTOR-256 (U+E01EF)', event: withField('orderId', 'ORDER\u{E01EF}001'), expect: 'orderId' },
  { name: 'orderId with COMBINING GRAPHEME JOINER (U+034F)', event: withField('orderId', 'ORDER\u034F001'), expect: 'orderId' },
  { name: 'orderId with KHMER VOWEL INHERENT AQ (U+17B4)', event: withField('orderId', 'ORDER\u17B4001'), expect: 'orderId' },
  { name: 'orderId with KHMER VOWEL INHERENT AA (U+17B5)', event: withField('orderId', 'ORDER\u17B5001'), expect: 'orderId' },
  { name: 'orderId with an unassigned default-ignorable (U+E0FFF)', event: withField('orderId', 'ORDER\u{E0FFF}001'), expect: 'orderId' },
  { name: 'orderId with inner spaces', event: withField('orderId', 'ORDER 001'), expect: 'valid' },
  { name: 'orderId shaped like a mobile number (never logged)', event: withField('orderId', RECEIVER_MOBILE), expect: 'valid' },
  // Characters in the other fields
  { name: 'deliveryId lower case', event: withField('deliveryId', 'sf'), expect: 'valid' },
  { name: 'deliveryId with a hyphen', event: withField('deliveryId', 'SF-1'), expect: 'deliveryId' },
  { name: 'deliveryId with a trailing newline', event: withField('deliveryId', 'SF\n'), expect: 'deliveryId' },
  { name: 'deliveryId full-width letters', event: withField('deliveryId', 'ＳＦ'), expect: 'deliveryId' },
  { name: 'deliveryId shaped like a mobile number (never logged)', event: withField('deliveryId', RECEIVER_MOBILE), expect: 'valid' },
  { name: 'waybillId with a space', event: withField('waybillId', 'SF123 456'), expect: 'waybillId' },
  { name: 'waybillId with an emoji', event: withField('waybillId', 'SF123😀'), expect: 'waybillId' },
  { name: 'openid with a zero-width space', event: withField('openid', 'oUser\u200B'), expect: 'openid' },
  { name: 'openid with a dot', event: withField('openid', 'o.user'), expect: 'openid' },
  { name: 'openid of another user, from an admin', event: withField('openid', OTHER_USER), expect: 'valid' },
  // printType
  { name: 'printType 0', event: withField('printType', 0), expect: 'valid' },
  { name: 'printType 1', event: withField('printType', 1), expect: 'valid' },
  { name: 'printType 2', event: withField('printType', 2), expect: 'printType' },
  { name: 'printType -1', event: withField('printType', -1), expect: 'printType' },
  { name: "printType '1'", event: withField('printType', '1'), expect: 'printType' },
  { name: 'printType 1.5', event: withField('printType', 1.5), expect: 'printType' },
  { name: 'printType NaN', event: withField('printType', NaN), expect: 'printType' },
  { name: 'printType Infinity', event: withField('printType', Infinity), expect: 'printType' },
  // includeTrack
  { name: 'includeTrack true', event: withField('includeTrack', true), expect: 'valid' },
  { name: 'includeTrack false', event: withField('includeTrack', false), expect: 'valid' },
  { name: "includeTrack 'true'", event: withField('includeTrack', 'true'), expect: 'includeTrack' },
  { name: 'includeTrack 1', event: withField('includeTrack', 1), expect: 'includeTrack' },
  // Keys that attack prototypes (as JSON.parse builds them: own "__proto__" keys)
  {
    name: 'fields only under an own __proto__ key',
    event: JSON.parse('{"__proto__":{"orderId":"ORDER-001","deliveryId":"SF"}}'),
    expect: 'orderId',
  },
  {
    name: 'openid smuggled under __proto__',
    event: JSON.parse(`{"orderId":"ORDER-001","deliveryId":"SF","__proto__":{"openid":"${OTHER_USER}","polluted":true}}`),
    expect: 'valid',
    sends: { order_id: 'ORDER-001', delivery_id: 'SF' },
  },
  {
    name: 'constructor.prototype payload',
    event: JSON.parse('{"orderId":"ORDER-001","deliveryId":"SF","constructor":{"prototype":{"polluted":true}}}'),
    expect: 'valid',
  },
  { name: 'prototype key', event: { ...BASE, prototype: { polluted: true } }, expect: 'valid' },
  { name: 'orderId "__proto__"', event: withField('orderId', '__proto__'), expect: 'valid' },
  { name: 'deliveryId "constructor"', event: withField('deliveryId', 'constructor'), expect: 'valid' },
  // Extra keys are ignored, however big
  { name: 'an unknown 2 MB key', event: { ...BASE, note: TWO_MB }, expect: 'valid' },
  { name: 'an unknown deeply nested key', event: { ...BASE, userInfo: deeplyNested(10_000) }, expect: 'valid' },
];

const CASES: Case[] = [...typeCases, ...specificCases];

const snakeCase = (query: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(query).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]));

/** A valid event reaches WeChat as getOrder's params, exactly; an invalid one never does. */
function expectOutcome(testCase: Case, result: GetWaybillResult, sent: Array<Record<string, unknown>>): void {
  expect(shapeProblems(result)).toEqual([]);
  if (testCase.expect === 'valid') {
    expect(result.ok).toBe(true);
    expect(sent).toEqual([testCase.sends ?? expectedParams(testCase.event as Record<string, unknown>)]);
    return;
  }
  expect(sent).toEqual([]); // WeChat is never called for an invalid event
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toMatchObject({ code: 'INVALID_ARGUMENT', retryable: false });
  expect(result.error.field).toBe(testCase.expect ?? undefined);
  expect(result.error.rule === undefined).toBe(testCase.expect === null);
  if (testCase.expect !== null) expect(result.error.message).toContain(testCase.expect); // the message names the field
}

const capture = captureLogs();
const built = useBuiltFunction();
const prototypesBefore = prototypeKeys();

test('the table has at least 60 cases, and its oracle agrees with each expectation', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  // The expectations are written by hand; the contract oracle is independent of requestRules.ts.
  for (const testCase of CASES)
    expect([testCase.name, isValidRequest(testCase.event)]).toEqual([testCase.name, testCase.expect === 'valid']);
});

describe('the function from source', () => {
  test.each(CASES)('$name', async (testCase) => {
    const fn = functionWith({}, capture.log);
    const result = await fn.call(testCase.event);
    expectOutcome(
      testCase,
      result,
      fn.calls.filter((call) => call.api === 'getOrder').map((call) => snakeCase(call.query)),
    );
  });
});

describe('the built bundle with the real wx-server-sdk', () => {
  beforeEach(() => {
    built.reset();
    built.answer = (call) =>
      call.api === 'getOrder'
        ? { kind: 'body', body: orderAnswer({ order_id: call.params.order_id, delivery_id: call.params.delivery_id }) }
        : { kind: 'body', body: { errcode: 0, waybill_id: call.params.waybill_id, path_item_list: [] } };
  });
  test.each(CASES)('$name', async (testCase) => {
    const result = await built.call(testCase.event);
    expectOutcome(
      testCase,
      result,
      built
        .calls()
        .filter((call) => call.api === 'getOrder')
        .map((call) => call.params),
    );
  });
});

describe('each field is read once: what is checked is what is sent', () => {
  test('a getter that turns bad on its second read cannot slip past the check', async () => {
    let reads = 0;
    const event = {
      deliveryId: 'SF',
      get orderId(): string {
        reads += 1;
        return reads === 1 ? 'ORDER-001' : `ORDER\n${RECEIVER_MOBILE}`;
      },
    };
    const fn = functionWith({}, capture.log);
    expect((await fn.call(event)).ok).toBe(true);
    expect(reads).toBe(1);
    expect(fn.calls.map((call) => call.query.orderId)).toEqual(['ORDER-001']);
  });

  test('a field whose getter throws is INVALID_ARGUMENT naming it (rule unreadable), and WeChat is not called', async () => {
    const event = {
      orderId: 'ORDER-001',
      get deliveryId(): string {
        throw new Error(`no ${RECEIVER_MOBILE}`);
      },
    };
    const fn = functionWith({}, capture.log);
    expect(await fn.call(event)).toEqual({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        retryable: false,
        field: 'deliveryId',
        rule: 'unreadable',
        message: expect.stringContaining('deliveryId'),
      },
    });
    expect(fn.calls).toEqual([]);
  });

  test('a proxy whose every trap throws is refused, not a crash', async () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('get');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('descriptor');
        },
        has: () => {
          throw new Error('has');
        },
      },
    );
    const fn = functionWith({}, capture.log);
    expect(await fn.call(hostile)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'orderId', rule: 'unreadable' } });
    expect(fn.lines.filter((line) => line.startsWith('{"event":"getWaybill",'))).toHaveLength(1);
  });
});

test('no built-in prototype gained or lost a key', () => {
  expect(prototypeKeys()).toEqual(prototypesBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** '15.1' as 15001, so that versions compare as numbers. */
const unicodeOrder = (version: string | undefined): number => {
  const [major = 0, minor = 0] = (version ?? '0').split('.').map(Number);
  return major * 1000 + minor;
};

describe('the invisible characters of the order id rule', () => {
  const PROPERTY_NAMES = INVISIBLE_PROPERTIES.join(', ');

  test(`the generated class matches every code point 0..0x10FFFF exactly when \\p{${PROPERTY_NAMES}} does`, () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const text = String.fromCodePoint(codePoint); // U+D800..U+DFFF: a lone surrogate, in neither
      const generated = INVISIBLE_CHARACTER.test(text);
      if (generated !== INVISIBLE_BY_PROPERTY.test(text)) (generated ? extra : missing).push(codePoint.toString(16));
    }
    // A Node with a newer Unicode than the file's: run `npm run generate:invisible` and commit the file.
    // A Node with an older one (Node 20.19 against a file made on a later Node 20) may only lack the newest characters.
    const olderNode = unicodeOrder(process.versions.unicode) < unicodeOrder(INVISIBLE_CHARACTER_UNICODE);
    expect({ node: process.versions.unicode, file: INVISIBLE_CHARACTER_UNICODE, missing, extra: olderNode ? [] : extra }).toEqual({
      node: process.versions.unicode,
      file: INVISIBLE_CHARACTER_UNICODE,
      missing: [],
      extra: [],
    });
  });

  test('each one between letters is refused by the shared rule, and no visible character is', () => {
    for (const codePoint of [0x0, 0x85, 0x34f, 0x17b4, 0x180f, 0x200b, 0x2028, 0xfe0f, 0xfeff, 0x1d173, 0xe0001, 0xe0100, 0xe01ef]) {
      const character = String.fromCodePoint(codePoint);
      expect([codePoint.toString(16), checkOrderId(`A${character}B`)?.rule]).toEqual([codePoint.toString(16), 'invisibleCharacter']);
    }
    for (const visible of ['A', '中', '😀', '❤', '\u3000A', 'Ａ', '\u{20000}']) expect(checkOrderId(visible)).toBeNull();
  });

  test('the rules parse as ES5 JavaScript, as a phone whose engine knows no \\p{...} or u flag would read them', () => {
    for (const file of ['requestRules.ts', 'invisibleCharacters.ts']) {
      const source = fs.readFileSync(path.join(CONTRACT_DIR, file), 'utf8');
      const es5 = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS } });
      expect(() => espree.parse(es5.outputText, { ecmaVersion: 5 })).not.toThrow();
    }
  });

  test("`npm run generate:invisible -- --check` finds the committed file up to date (on a Node with the file's Unicode)", () => {
    const run = spawnSync('npm', ['run', '--silent', 'generate:invisible', '--', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    // Another Unicode writes another version line, so there the check must say so.
    const sameUnicode = process.versions.unicode === INVISIBLE_CHARACTER_UNICODE;
    expect({ status: run.status, stderr: run.stderr }).toEqual(
      sameUnicode ? { status: 0, stderr: '' } : { status: 1, stderr: expect.stringContaining('npm run generate:invisible') },
    );
  });
});

expectNoPersonalDataLogged(capture);
