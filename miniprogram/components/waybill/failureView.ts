// What the error state shows: a Chinese title and sentence from the catalogue
// (userText.ts), a short reference users can quote, and, in develop and trial
// builds only, the developer's help with the function's English message.
// When the function names a field a form shows, the mark says which and what to say there.
import type { WaybillError } from '../../contract/getWaybillContract';
import { hasOwn, own } from '../../contract/own';
import { developerText, type Audience } from './audience';
import {
  CALL_OUTCOMES,
  ERRCODE_OUTCOMES,
  ERROR_OUTCOMES,
  FIELD_MARKED_OUTCOME,
  FIELD_NOT_FOUND_TEXT,
  FIELD_REFUSED_TEXT,
  FIELD_TEXT,
  FORM_FIELDS,
  UNKNOWN_CODE_REFERENCE,
  UNKNOWN_ERROR_OUTCOME,
  unknownCodeHelp,
  type CallProblem,
  type FormField,
  type Outcome,
} from './userText';

export interface FailureView {
  title: string;
  /** What the user can do, in one sentence. */
  action: string;
  /** The error code (and WeChat's errCode) in small grey type. */
  reference: string;
  retry: boolean;
  /** Present only for developers (develop and trial builds). */
  developer?: string;
}

/** A field the function's answer points at, for a form to show under that field as if it had found it itself. */
export interface FieldMark {
  field: FormField;
  text: string;
  /** INVALID_ARGUMENT: the same value would be refused again, so the query button waits for an edit. */
  blocksQuery: boolean;
}

export interface FailureAnswer {
  failure: FailureView;
  mark: FieldMark | null;
}

function isFormField(field: unknown): field is FormField {
  return typeof field === 'string' && (FORM_FIELDS as readonly string[]).includes(field);
}

function markFor(error: WaybillError): FieldMark | null {
  if (!isFormField(error.field)) return null;
  const field = error.field;
  if (error.code === 'INVALID_ARGUMENT') {
    return { field, text: own<string>(FIELD_TEXT[field], error.rule) ?? FIELD_REFUSED_TEXT[field], blocksQuery: true };
  }
  if (error.code === 'NOT_FOUND') {
    // The order may be added a moment later, so the same query may still be asked again.
    return { field, text: FIELD_NOT_FOUND_TEXT[field], blocksQuery: false };
  }
  return null;
}

function outcomeFor(error: WaybillError, mark: FieldMark | null, marksShown: boolean): Outcome {
  if (marksShown && mark !== null && error.code === 'INVALID_ARGUMENT') return FIELD_MARKED_OUTCOME;
  const outcome = own<Outcome>(own<object>(ERRCODE_OUTCOMES, error.code), error.errCode) ?? own<Outcome>(ERROR_OUTCOMES, error.code);
  return outcome ?? { ...UNKNOWN_ERROR_OUTCOME, retry: error.retryable === true };
}

const DETAIL_MAX_CHARS = 160;

/** A platform's or function's text for the developer box, cut to a readable length. */
function clipped(text: string): string {
  return text.length > DETAIL_MAX_CHARS ? `${text.slice(0, DETAIL_MAX_CHARS - 1)}…` : text;
}

function withDeveloper(view: FailureView, audience: Audience, ...parts: Array<string | undefined>): FailureView {
  const developer = developerText(audience, ...parts);
  return developer === undefined ? view : { ...view, developer };
}

/** The error's code when the catalogue knows it (ERROR_OUTCOMES has an entry for each of the contract's codes). */
function catalogueCode(code: unknown): string | undefined {
  return typeof code === 'string' && hasOwn(ERROR_OUTCOMES, code) ? code : undefined;
}

/** The reference users may quote: a catalogue code and WeChat's integer errCode, never the function's own words. */
export function errorReference(error: { code: unknown; errCode?: unknown }): string {
  const code = catalogueCode(error.code) ?? UNKNOWN_CODE_REFERENCE;
  return Number.isSafeInteger(error.errCode) ? `${code} · ${String(error.errCode)}` : code;
}

/** Developers' line about a code outside the catalogue (cut short: it may be anything the function sent). */
export function unknownCodeDetail(code: unknown): string | undefined {
  if (catalogueCode(code) !== undefined) return undefined;
  const text = typeof code === 'string' ? code : String(JSON.stringify(code));
  return unknownCodeHelp(clipped(text));
}

/**
 * The function answered `{ ok: false, error }`. `marksShown`: a form shows the
 * mark under its field, so a refused field's card says 按提示修改标红的内容;
 * without a form it says what to check in words.
 */
export function fromWaybillError(error: WaybillError, audience: Audience, marksShown: boolean = true): FailureAnswer {
  const mark = markFor(error);
  const outcome = outcomeFor(error, mark, marksShown);
  const view: FailureView = { title: outcome.title, action: outcome.action, reference: errorReference(error), retry: outcome.retry };
  const field = isFormField(error.field) || typeof error.field !== 'string' ? undefined : `（字段 ${error.field}）`;
  const english = typeof error.message === 'string' ? error.message : undefined;
  return { failure: withDeveloper(view, audience, outcome.developerHelp, unknownCodeDetail(error.code), field, english), mark };
}

function fromProblem(problem: CallProblem, audience: Audience, detail?: string): FailureView {
  const { title, action, retry, reference, developerHelp } = CALL_OUTCOMES[problem];
  return withDeveloper({ title, action, retry, reference }, audience, developerHelp, detail);
}

/** Known causes, matched on the errMsg/errCode WeChat and CloudBase put in a rejected call. */
const CAUSES: ReadonlyArray<{ pattern: RegExp; problem: CallProblem }> = [
  {
    pattern: /FunctionName parameter could not be found|FUNCTION_NOT_FOUND|ResourceNotFound\.Function|function not found/i,
    problem: 'functionNotDeployed',
  },
  {
    pattern:
      /env(ironment)? (does )?not (exist|found)|INVALID_ENV|ResourceNotFound\.Env|Cloud API isn't enabled|wx\.cloud\.init|-601034|开通云开发/i,
    problem: 'noCloudEnvironment',
  },
  { pattern: /timed out|FUNCTIONS_TIME_LIMIT_EXCEEDED|-504003/i, problem: 'functionTimedOut' },
  { pattern: /request:fail|network|ERR_INTERNET|ENOTFOUND|ECONNRESET|ETIMEDOUT|timeout/i, problem: 'noNetwork' },
];

function errorText(reason: unknown): { errMsg: string; errCode: string } {
  if (reason === null || typeof reason !== 'object') return { errMsg: String(reason), errCode: '' };
  const { errMsg, message, errCode } = reason as { errMsg?: unknown; message?: unknown; errCode?: unknown };
  const text = typeof errMsg === 'string' ? errMsg : typeof message === 'string' ? message : '';
  return { errMsg: text, errCode: typeof errCode === 'number' || typeof errCode === 'string' ? String(errCode) : '' };
}

/** The likely cause of a rejected wx.cloud.callFunction. */
export function rejectedCallProblem(reason: unknown): CallProblem {
  const { errMsg, errCode } = errorText(reason);
  return CAUSES.find(({ pattern }) => pattern.test(`${errCode} ${errMsg}`))?.problem ?? 'callFailed';
}

/** A rejected wx.cloud.callFunction: always worth a retry, since every cause can go away. */
export function fromRejectedCall(reason: unknown, audience: Audience): FailureView {
  const { errMsg, errCode } = errorText(reason);
  const problem = rejectedCallProblem(reason);
  const view = fromProblem(problem, audience, clipped(errMsg));
  // A numeric code is a reference users can quote; WeChat's English errMsg is for developers only.
  return /^-?\d+$/.test(errCode) ? { ...view, reference: `${view.reference} · ${errCode}` } : view;
}

/** The call succeeded but its result is not a GetWaybillResult: an old or different function is deployed. */
export function unexpectedResult(audience: Audience): FailureView {
  return fromProblem('unexpectedResult', audience);
}

/** No answer within the caller's own limit (10 s unless the caller says otherwise). */
export function pageTimeout(audience: Audience): FailureView {
  return fromProblem('pageTimeout', audience);
}
