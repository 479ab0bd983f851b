// An independent reading of the contract, used as the oracle by the tables and
// the fuzzers: what a valid request is, and what a result must look like.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';

const REQUEST_FIELDS = ['orderId', 'deliveryId', 'waybillId', 'openid', 'printType', 'includeTrack'];
const FIELD_RULES = ['required', 'wrongType', 'tooLong', 'blank', 'invisibleCharacter', 'notUnicode', 'format', 'unreadable'];
const STAGES = [
  'collected',
  'collectFailed',
  'courierAssigned',
  'inTransit',
  'outForDelivery',
  'delivered',
  'deliveryFailed',
  'cancelled',
  'held',
  'unknown',
];
const ERROR_CODES = ['INVALID_ARGUMENT', 'PERMISSION_DENIED', 'NOT_FOUND', 'NOT_CONFIGURED', 'UPSTREAM_BUSY', 'UPSTREAM_ERROR', 'INTERNAL'];

function own(event: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(event, key) ? (event as Record<string, unknown>)[key] : undefined;
}

const absent = (value: unknown): boolean => value === undefined || value === null;

/** The contract's request rules, written from the contract's words rather than from requestRules.ts. */
export function isValidRequest(event: unknown): boolean {
  const source = absent(event) ? {} : event;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return false;
  const orderId = own(source, 'orderId');
  const deliveryId = own(source, 'deliveryId');
  const waybillId = own(source, 'waybillId');
  const openid = own(source, 'openid');
  const printType = own(source, 'printType');
  const includeTrack = own(source, 'includeTrack');
  const orderIdOk =
    typeof orderId === 'string' &&
    orderId.trim() !== '' &&
    Buffer.byteLength(orderId, 'utf8') <= 512 &&
    (orderId as string & { isWellFormed(): boolean }).isWellFormed() &&
    !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u.test(orderId);
  return (
    orderIdOk &&
    typeof deliveryId === 'string' &&
    /^[A-Za-z0-9_]{1,32}$/.test(deliveryId) &&
    (absent(waybillId) || (typeof waybillId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(waybillId))) &&
    (absent(openid) || (typeof openid === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(openid))) &&
    (absent(printType) || printType === 0 || printType === 1) &&
    (absent(includeTrack) || typeof includeTrack === 'boolean')
  );
}

/** The snake_case params the SDK should send for a valid request from an admin (who may name any openid). */
export function expectedParams(event: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = { order_id: own(event, 'orderId'), delivery_id: own(event, 'deliveryId') };
  if (!absent(own(event, 'waybillId'))) params.waybill_id = own(event, 'waybillId');
  if (!absent(own(event, 'openid'))) params.openid = own(event, 'openid');
  if (!absent(own(event, 'printType'))) params.print_type = own(event, 'printType');
  return params;
}

function errorProblems(e: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  if (!ERROR_CODES.includes(e.code as string)) problems.push(`${where}.code ${String(e.code)}`);
  if (typeof e.message !== 'string' || e.message === '') problems.push(`${where}.message`);
  if (typeof e.retryable !== 'boolean') problems.push(`${where}.retryable`);
  if (e.field !== undefined && !REQUEST_FIELDS.includes(e.field as string)) problems.push(`${where}.field ${String(e.field)}`);
  if (e.rule !== undefined && !FIELD_RULES.includes(e.rule as string)) problems.push(`${where}.rule ${String(e.rule)}`);
  if (e.errCode !== undefined && !Number.isInteger(e.errCode)) problems.push(`${where}.errCode`);
  return problems;
}

function trackProblems(track: Record<string, unknown>): string[] {
  if (track.available === false) return errorProblems(track.error as Record<string, unknown>, 'waybill.track.error');
  if (track.available !== true) return ['waybill.track.available'];
  const events = track.events as Array<Record<string, unknown>>;
  const problems: string[] = [];
  if (!Array.isArray(events) || events.length > 100) return ['waybill.track.events'];
  if (!Number.isInteger(track.totalEvents) || (track.totalEvents as number) < events.length) problems.push('waybill.track.totalEvents');
  if (track.stage !== (events.length > 0 ? events[0].stage : null)) problems.push('waybill.track.stage');
  events.forEach((event, i) => {
    if (!Number.isInteger(event.time) || !Number.isInteger(event.actionType) || typeof event.message !== 'string')
      problems.push(`event ${i}`);
    if (!STAGES.includes(event.stage as string)) problems.push(`event ${i} stage`);
    if (i > 0 && (events[i - 1].time as number) < (event.time as number)) problems.push(`event ${i} out of order`);
  });
  return problems;
}

/** Problems with a result's shape; empty when it is a GetWaybillResult. */
export function shapeProblems(result: unknown): string[] {
  const problems: string[] = [];
  const r = result as GetWaybillResult;
  if (r === null || typeof r !== 'object') return ['not an object'];
  if (r.ok === true) {
    const w = r.waybill as unknown as Record<string, unknown>;
    for (const key of ['orderId', 'deliveryId', 'waybillId'])
      if (typeof w[key] !== 'string') problems.push(`waybill.${key} is not a string`);
    if (!Number.isInteger(w.orderStatus)) problems.push('waybill.orderStatus is not an integer');
    if (!['normal', 'cancelled', 'unknown'].includes(w.status as string)) problems.push('waybill.status');
    if (
      !Array.isArray(w.waybillData) ||
      !w.waybillData.every((f: { key?: unknown; value?: unknown }) => typeof f.key === 'string' && typeof f.value === 'string')
    )
      problems.push('waybill.waybillData');
    if (!(w.labelHtml === null || typeof w.labelHtml === 'string')) problems.push('waybill.labelHtml');
    if (typeof w.labelWithheld !== 'boolean') problems.push('waybill.labelWithheld');
    if (w.track !== undefined) problems.push(...trackProblems(w.track as Record<string, unknown>));
    if (Buffer.byteLength(JSON.stringify(r), 'utf8') > 1024 * 1024) problems.push('result over the 1 MB cap');
  } else if (r.ok === false) {
    problems.push(...errorProblems(r.error as unknown as Record<string, unknown>, 'error'));
  } else problems.push('ok is neither true nor false');
  return problems;
}

/** Own property names of the built-in prototypes, to prove no input adds any. */
export function prototypeKeys(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].flatMap((proto, i) =>
    Reflect.ownKeys(proto).map((key) => `${i}:${String(key)}`),
  );
}
