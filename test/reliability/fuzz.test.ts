// Property-based fuzzing (issue 5) with fast-check: for arbitrary events the
// function resolves a value of the contract's shape and never throws, and
// WeChat is called if and only if the event is valid, with exactly the
// event's fields. The validity oracle (contractShape.ts) is written from the
// contract, independently of requestRules.ts. fast-check prints the seed and
// path of any failure; replay it with FC_SEED=<seed>.
import fc from 'fast-check';
import { useBuiltBundle } from './bundleHarness';
import { expectedParams, isValidRequest, prototypeKeys, shapeProblems } from './contractShape';
import { captureLogs, expectNoPersonalDataLogged } from './logCapture';
import { ADMIN } from './people';
import { serviceWith } from './serviceHarness';

/** Runs per property; the service is cheap, the bundle runs the real SDK's protobuf and case conversion. */
export const SERVICE_RUNS = 2000;
export const BUNDLE_RUNS = 1000;
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
const invisible = fc.constantFrom(
  '\u0000',
  '\t',
  '\n',
  '\r',
  '\u0085',
  '\u00ad',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\ufeff',
  '\u3000',
  ' ',
);

const validOrderId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  fc.constantFrom('订单-001', '😀🚚', '❤️-1', 'A B', '中'.repeat(170) + 'ab', '😀'.repeat(128)),
);
const orderIdLike = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), // emoji, Han, combining marks: multi-byte
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point, controls included
  fc.string({ unit: fc.oneof(fc.constantFrom('A', '中', '😀'), invisible, loneSurrogate), maxLength: 30 }),
  fc.constantFrom('', ' ', '\u3000', 'A'.repeat(512), 'A'.repeat(513), '中'.repeat(171), '😀'.repeat(128) + 'a'),
);
// Kept short so a random id never looks like an openid or a phone number in the log check.
const validDeliveryId = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/), fc.constantFrom('SF', 'ZTO', 'TEST', 'D'.repeat(32)));
const deliveryIdLike = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'D'.repeat(33), 'SF-1', 'ＳＦ', 'SF\n'));
const validWaybillId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const waybillIdLike = fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('', 'W'.repeat(65)));
const validOpenid = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), fc.constant('o'.repeat(128)));
const openidLike = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'o'.repeat(129)));
const validPrintType = fc.constantFrom(0, 1);
const printTypeLike = fc.oneof(fc.constantFrom(2, -1, '0', '1', 1.5, true), fc.double(), fc.integer());

/** A field is valid most of the time, else nearly valid, any JSON value, or null. */
const field = (valid: fc.Arbitrary<unknown>, nearly: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: valid, weight: 12 },
    { arbitrary: nearly, weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
    { arbitrary: fc.constant(null), weight: 1 },
  );

const recordEvent = fc
  .record(
    {
      orderId: field(validOrderId, orderIdLike),
      deliveryId: field(validDeliveryId, deliveryIdLike),
      waybillId: field(validWaybillId, waybillIdLike),
      openid: field(validOpenid, openidLike),
      printType: field(validPrintType, printTypeLike),
      userInfo: fc.jsonValue({ maxDepth: 2 }),
      constructor: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: ['orderId', 'deliveryId'] },
  )
  .chain((event) =>
    // Sometimes move fields under an own "__proto__" key, as JSON.parse would build it.
    fc.boolean().map((underProto) => {
      if (!underProto) return event as unknown;
      const carried = JSON.stringify({ openid: 'oSmuggled', orderId: 'x', deliveryId: 'SF', polluted: true });
      return JSON.parse(`{"__proto__":${carried},${JSON.stringify(event).slice(1)}`.replace(/,}$/, '}')) as unknown;
    }),
  );

const anyEvent: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: recordEvent, weight: 5 },
  { arbitrary: fc.jsonValue(), weight: 1 },
  { arbitrary: fc.constantFrom(undefined, null), weight: 1 },
);

const capture = captureLogs();
const bundle = useBuiltBundle();
const prototypesBefore = prototypeKeys();
const tally = { service: { valid: 0, invalid: 0 }, bundle: { valid: 0, invalid: 0 } };

function isObjectEvent(event: unknown): boolean {
  return event === undefined || event === null || (typeof event === 'object' && !Array.isArray(event));
}

test(`service: ${SERVICE_RUNS} arbitrary events resolve the contract's shape; WeChat is called iff the event is valid`, async () => {
  await fc.assert(
    fc.asyncProperty(anyEvent, async (event) => {
      const service = serviceWith({ caller: ADMIN, log: capture.log });
      const result = await service.call(event);
      expect(shapeProblems(result)).toEqual([]);
      const valid = isValidRequest(event);
      tally.service[valid ? 'valid' : 'invalid'] += 1;
      if (valid) {
        expect(result.ok).toBe(true);
        const sent = Object.fromEntries(
          Object.entries(service.queries[0] ?? {}).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
        );
        expect(sent).toEqual(expectedParams(event as Record<string, unknown>));
        expect(service.queries).toHaveLength(1);
      } else {
        expect(service.queries).toHaveLength(0);
        expect(result.ok === false && result.error.code).toBe('INVALID_ARGUMENT');
        expect(result.ok === false && result.error.field !== undefined).toBe(isObjectEvent(event));
      }
    }),
    { numRuns: SERVICE_RUNS, seed },
  );
  // The generators must exercise both sides, or the property proves little.
  expect(tally.service.valid).toBeGreaterThan(SERVICE_RUNS / 20);
  expect(tally.service.invalid).toBeGreaterThan(SERVICE_RUNS / 20);
});

test(`built bundle with the real SDK: ${BUNDLE_RUNS} arbitrary events, WeChat called iff valid, with the event's fields`, async () => {
  bundle.as(ADMIN, ADMIN);
  bundle.answer = (call) => ({
    body: { errcode: 0, order_id: call.params.order_id, delivery_id: call.params.delivery_id, order_status: 0, waybill_data: [] },
  });
  await fc.assert(
    fc.asyncProperty(anyEvent, async (event) => {
      bundle.reset();
      const result = await bundle.call(event);
      expect(shapeProblems(result)).toEqual([]);
      const valid = isValidRequest(event);
      tally.bundle[valid ? 'valid' : 'invalid'] += 1;
      expect(result.ok).toBe(valid);
      // JSON round trip: the SDK sends JSON, where -0 is 0.
      expect(bundle.calls.map((call) => call.params)).toEqual(
        valid ? [JSON.parse(JSON.stringify(expectedParams(event as Record<string, unknown>)))] : [],
      );
    }),
    { numRuns: BUNDLE_RUNS, seed },
  );
  expect(tally.bundle.valid).toBeGreaterThan(BUNDLE_RUNS / 20);
});

test('no fuzzed event changed a built-in prototype', () => {
  expect(prototypeKeys()).toEqual(prototypesBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

expectNoPersonalDataLogged(capture);
