// The function's log: one JSON line per call for the cloud console's log
// search (with what broke, when something did), and configuration warnings. Nothing
// that identifies a person goes in: never the label, an openid, an order id
// (merchants' order ids can embed phone numbers), a carrier id that is not a
// known carrier's code, an error's message or a track event's text. Logging
// never throws: a call must be answered even when its log line cannot be written.
import type { WaybillErrorCode } from '../../../miniprogram/contract/getWaybillContract';
import { isKnownCarrier } from '../../../miniprogram/contract/carriers';
import type { CallerRole } from './accessPolicy';
import type { ServedCall } from './getWaybill';
import { UNCHECKED, type OrderCheck, type OrderCheckTrouble } from './orderOwnership';
import type { TrackFacts } from './trackOfWaybill';

/** What the log line says about one call. */
interface CallFacts {
  event: 'getWaybill';
  outcome: 'OK' | WaybillErrorCode;
  errCode?: number;
  field?: string;
  /** getOrder attempts (0 when the call was refused before reaching WeChat). */
  attempts: number;
  durationMs: number;
  caller: CallerRole;
  /**
   * The order check (WAYBILL_ORDERS): owner, stranger (not the caller's, or no such order: one word for
   * both), unchecked (an admin, the setting off, or a call that ended before it), unavailable. Never an id.
   */
  order?: OrderCheck['order'];
  /** Why the check was unavailable (a setting, the database's trouble); no person in it. */
  orderTrouble?: OrderCheckTrouble;
  /** A known carrier code, or 'other'. */
  deliveryId?: string;
  labelBytes?: number;
  track?: TrackFacts;
}

export type LogLine = (line: string) => void;

export const logToConsole: LogLine = (line) => console.log(line);

export function loggableCarrier(deliveryId: string): string {
  return isKnownCarrier(deliveryId) ? deliveryId : 'other';
}

/** One JSON line, for any of the functions; never throws. */
export function writeLogLine(record: object, log: LogLine): void {
  try {
    log(JSON.stringify(record));
  } catch {
    // stdout gone or a broken logger: the caller still gets its answer.
  }
}

/** What the line says of a call: a function of what the call came to, and nothing else. */
function factsOf(served: ServedCall): CallFacts {
  const { result } = served;
  // Built as the line's record itself (event first), so that it is copied into no other object.
  const facts: CallFacts = {
    event: 'getWaybill',
    outcome: result.ok ? 'OK' : result.error.code,
    attempts: served.attempts,
    durationMs: served.durationMs,
    caller: served.caller,
  };
  if (!result.ok && result.error.errCode !== undefined) facts.errCode = result.error.errCode;
  if (!result.ok && result.error.field !== undefined) facts.field = result.error.field;
  const check = served.orderCheck ?? UNCHECKED;
  facts.order = check.order;
  if (check.order === 'unavailable') facts.orderTrouble = check.trouble;
  if (served.deliveryId !== undefined) facts.deliveryId = loggableCarrier(served.deliveryId);
  if (served.labelBytes !== undefined) facts.labelBytes = served.labelBytes;
  if (result.ok && served.track !== undefined) {
    const shown = result.waybill.track;
    // The result cap may have left out the oldest events: the line says how many were shown.
    facts.track = shown?.available === true ? { ...served.track, events: shown.events.length } : served.track;
  }
  return facts;
}

/** The call's one line; a bug met on the way goes in it as its type and frames, so a call never writes two. */
export function logCall(served: ServedCall, log: LogLine = logToConsole): void {
  writeLogLine(withInternalError(factsOf(served), served.internalError), log);
}

/** The record, with a bug met on the way as its type and frames (never its message). */
export function withInternalError(record: object, internalError: { thrown: unknown } | undefined): object {
  if (internalError === undefined) return record;
  return { ...record, internalError: { type: errorType(internalError.thrown), frames: stackFrames(internalError.thrown) } };
}

export function logWarning(warning: string, log: LogLine = logToConsole): void {
  writeLogLine({ event: 'getWaybill.config', warning }, log);
}

/** The error's type, from a fixed alphabet (a name is data too: letters only, nothing that can spell a number). */
function errorType(error: unknown): string {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return error === null ? 'null' : typeof error;
  try {
    const name: unknown = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z]{1,40}$/.test(name)) return name;
  } catch {
    // a throwing getter: the type stays generic
  }
  return 'object';
}

/**
 * The error's real stack frames, read from V8's call sites: the formatted
 * stack starts with the message, and a message with line breaks can forge
 * lines that look like frames. If the stack was already formatted (someone
 * read it before), its frames cannot be told from the message: none are logged.
 */
function stackFrames(error: unknown): string[] {
  if (error === null || typeof error !== 'object') return [];
  const previous = Error.prepareStackTrace;
  let sites: NodeJS.CallSite[] | undefined;
  try {
    Error.prepareStackTrace = (_error, callSites) => {
      sites = callSites;
      return '';
    };
    void (error as { stack?: unknown }).stack;
  } catch {
    sites = undefined;
  } finally {
    Error.prepareStackTrace = previous;
  }
  return (sites ?? []).slice(0, 8).map((site) => {
    try {
      return `at ${site.getFunctionName() ?? '<anonymous>'} (${site.getFileName() ?? '?'}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0})`;
    } catch {
      return 'at ?';
    }
  });
}
