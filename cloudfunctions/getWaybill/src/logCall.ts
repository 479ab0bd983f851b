// One JSON line per call for the cloud console's log search. It carries only
// what helps operate the function: never the label, an openid or an order id
// (merchants' order ids can embed phone numbers).
import type { WaybillErrorCode } from '../../../miniprogram/contract/getWaybillContract';
import type { CallerRole } from './accessPolicy';

export interface CallRecord {
  outcome: 'OK' | WaybillErrorCode;
  errCode?: number;
  attempts: number;
  durationMs: number;
  deliveryId?: string;
  caller: CallerRole;
  field?: string;
  labelBytes?: number;
}

export type LogLine = (line: string) => void;

export const logToConsole: LogLine = (line) => console.log(line);

// Carrier ids are short codes (SF, ZTO, TEST); a long run of digits in one is
// someone's phone number typed into the wrong field, and must not reach the log.
const PHONE_LIKE_DIGITS = /\d{5,}/g;

export function loggableDeliveryId(deliveryId: string): string {
  return deliveryId.replace(PHONE_LIKE_DIGITS, (digits) => '#'.repeat(digits.length));
}

export function logCall(record: CallRecord, log: LogLine): void {
  const line = record.deliveryId === undefined ? record : { ...record, deliveryId: loggableDeliveryId(record.deliveryId) };
  log(JSON.stringify({ event: 'getWaybill', ...line }));
}

/** For INTERNAL errors: where it broke, without the message (which may quote data). */
export function logInternalError(error: unknown, log: LogLine): void {
  const name = error instanceof Error ? error.name : typeof error;
  const frames =
    error instanceof Error && typeof error.stack === 'string'
      ? error.stack
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .slice(0, 8)
      : [];
  log(JSON.stringify({ event: 'getWaybill.internalError', name, frames }));
}
