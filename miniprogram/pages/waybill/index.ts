// The waybill page: a form (order id, carrier, waybill id) that calls the
// getWaybill cloud function and shows the waybill with its track, or why there
// is none, in Chinese for whoever is looking (audience.ts).
// Written with Component() (supported for pages) so miniprogram-simulate can test it.
import type { GetWaybillResult } from '../../contract/getWaybillContract';
import { checkRequest, fieldChecks } from '../../contract/requestRules';
import { readAudience, type Audience } from './audience';
import { PICKER_CARRIERS, carrierName, pickerIndex } from './carrierPicker';
import { fromRejectedCall, fromWaybillError, pageTimeout, unexpectedResult, type FailureView, type FieldMark } from './failureView';
import { COPY_FAILED_TEXT, FIELD_TEXT, FORM_FIELDS, type FormField } from './userText';
import { toWaybillView, type WaybillView } from './waybillView';

type Phase = 'idle' | 'loading' | 'success' | 'error';

interface Form {
  orderId: string;
  deliveryId: string;
  waybillId: string;
}

/** A call that has not settled by then shows a timeout; its answer, if it comes, is ignored. */
const QUERY_TIMEOUT_MS = 10_000;

/** The request the form describes; an empty waybill id means "not given", as the contract has it. */
function formRequest(form: Form): Record<string, string> {
  const request: Record<string, string> = { orderId: form.orderId, deliveryId: form.deliveryId };
  if (form.waybillId !== '') request.waybillId = form.waybillId;
  return request;
}

/** The shared rule's verdict for one field, in Chinese ('' when fine): the page and the function never disagree. */
function fieldError(form: Form, field: FormField): string {
  const verdict = fieldChecks[field](formRequest(form)[field]);
  return verdict === null ? '' : FIELD_TEXT[field][verdict.rule];
}

function formIsValid(form: Form): boolean {
  return checkRequest(formRequest(form)).ok;
}

interface Answer {
  phase: 'success' | 'error';
  view?: WaybillView;
  failure?: FailureView;
  mark?: FieldMark | null;
}

/** What the page shows for the function's answer; an answer that is not the contract's shape is unexpected, never a crash. */
function answerFor(result: unknown, audience: Audience): Answer {
  if (!isResult(result)) return { phase: 'error', failure: unexpectedResult(audience) };
  if (!result.ok) {
    const { failure, mark } = fromWaybillError(result.error, audience);
    return { phase: 'error', failure, mark };
  }
  try {
    return { phase: 'success', view: toWaybillView(result.waybill, audience) };
  } catch {
    return { phase: 'error', failure: unexpectedResult(audience) };
  }
}

function isResult(value: unknown): value is GetWaybillResult {
  if (value === null || typeof value !== 'object') return false;
  const { ok, waybill, error } = value as { ok?: unknown; waybill?: unknown; error?: unknown };
  return (ok === true && typeof waybill === 'object' && waybill !== null) || (ok === false && typeof error === 'object' && error !== null);
}

/**
 * Query parameters arrive percent-encoded when the link was built with
 * encodeURIComponent, as WeChat recommends; a value that is not valid
 * percent-encoding is taken as it is.
 */
function decodeParam(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** What the page keeps about its queries without rendering it (so it stays out of setData). */
interface QuerySession {
  audience: Audience;
  /** Numbers the queries; only the answer to the current one is shown. */
  current: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The field the last answer marked, and whether that mark holds the query button until the field changes. */
  mark: FieldMark | null;
}

const sessions = new WeakMap<object, QuerySession>();

function sessionOf(page: object): QuerySession {
  let session = sessions.get(page);
  if (session === undefined) {
    session = { audience: readAudience(), current: 0, timer: undefined, mark: null };
    sessions.set(page, session);
  }
  return session;
}

function stopTimer(session: QuerySession): void {
  if (session.timer !== undefined) clearTimeout(session.timer);
  session.timer = undefined;
}

/**
 * Forgets any query in flight (its answer will be dropped) and the last
 * answer's field mark; returns the patch that takes the mark off the screen,
 * unless it is on `keep`, whose message the caller sets itself.
 */
function forgetQuery(session: QuerySession, keep: FormField | null): Record<string, unknown> {
  session.current += 1;
  stopTimer(session);
  const patch: Record<string, unknown> = {};
  if (session.mark !== null && session.mark.field !== keep) patch[`errors.${session.mark.field}`] = '';
  session.mark = null;
  return patch;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

Component({
  data: {
    /** Develop and trial builds: show API field names and developers' help. */
    developer: false,
    carrierNames: PICKER_CARRIERS.map((carrier) => carrier.name),
    carrierIndex: -1,
    /** What the carrier cell reads: the carrier's name, or the code of one the contract does not know. */
    carrierText: '',
    orderId: '',
    deliveryId: '',
    waybillId: '',
    // A field's message appears once the user has touched it (or a deep link filled it), or the function named it.
    errors: { orderId: '', deliveryId: '', waybillId: '' } as Record<FormField, string>,
    canQuery: false,
    phase: 'idle' as Phase,
    view: null as WaybillView | null,
    failure: null as FailureView | null,
  },

  lifetimes: {
    attached() {
      if (sessionOf(this).audience === 'developer') this.setData({ developer: true });
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const form: Form = {
        orderId: decodeParam(query.orderId),
        deliveryId: decodeParam(query.deliveryId),
        waybillId: decodeParam(query.waybillId),
      };
      if (form.orderId === '' && form.deliveryId === '' && form.waybillId === '') return;
      // The form starts empty and error-free: send only what the link changes.
      const patch: Record<string, unknown> = {};
      for (const field of FORM_FIELDS) {
        if (form[field] !== '') patch[field] = form[field];
        const error = fieldError(form, field);
        if (error !== '') patch[`errors.${field}`] = error;
      }
      const index = pickerIndex(form.deliveryId);
      if (index >= 0) patch.carrierIndex = index;
      if (form.deliveryId !== '') patch.carrierText = carrierName(form.deliveryId);
      const canQuery = formIsValid(form);
      if (canQuery) patch.canQuery = true;
      this.setData(patch);
      if (canQuery) void this.query();
    },

    onUnload() {
      const session = sessionOf(this);
      session.current += 1;
      stopTimer(session);
    },

    onPullDownRefresh() {
      // Refresh means "ask again" (the waybill and its track), which only makes sense once something was asked.
      if (this.data.phase === 'idle' || this.data.phase === 'loading') {
        wx.stopPullDownRefresh();
        return;
      }
      void this.query();
    },

    onOrderIdInput(event: WechatMiniprogram.Input | WechatMiniprogram.TextareaInput) {
      this.editField('orderId', event.detail.value);
    },

    onWaybillIdInput(event: WechatMiniprogram.Input) {
      this.editField('waybillId', event.detail.value);
    },

    onCarrierChange(event: WechatMiniprogram.PickerChange) {
      const index = Number(event.detail.value);
      if (!(index >= 0 && index < PICKER_CARRIERS.length)) return;
      const carrier = PICKER_CARRIERS[index];
      this.editField('deliveryId', carrier.id, { carrierIndex: index, carrierText: carrier.name });
    },

    editField(field: FormField, value: string, extra: Record<string, unknown> = {}) {
      const session = sessionOf(this);
      const form: Form = { orderId: this.data.orderId, deliveryId: this.data.deliveryId, waybillId: this.data.waybillId };
      form[field] = value;
      const changed = this.data[field] !== value;
      // A result belongs to the form that asked for it: once the form says something else, the result goes.
      const patch: Record<string, unknown> = { ...extra };
      if (changed) {
        Object.assign(patch, forgetQuery(session, field));
        if (this.data.phase !== 'idle') Object.assign(patch, { phase: 'idle', view: null, failure: null });
        // The input already shows what was typed; echoing it keeps the data true for the next render.
        patch[field] = value;
      }
      const error = session.mark?.field === field ? session.mark.text : fieldError(form, field);
      if (this.data.errors[field] !== error) patch[`errors.${field}`] = error;
      const canQuery = formIsValid(form) && session.mark?.blocksQuery !== true;
      if (this.data.canQuery !== canQuery) patch.canQuery = canQuery;
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    async query() {
      if (this.data.phase === 'loading') return; // a second tap while one query runs does nothing
      const session = sessionOf(this);
      const check = checkRequest({ ...formRequest(this.data), includeTrack: true });
      if (!check.ok || session.mark?.blocksQuery === true) {
        wx.stopPullDownRefresh();
        return;
      }
      const loading: Record<string, unknown> = { ...forgetQuery(session, null), phase: 'loading' };
      if (this.data.view !== null) loading.view = null;
      if (this.data.failure !== null) loading.failure = null;
      const ticket = session.current;
      session.timer = setTimeout(
        () => this.showAnswer(ticket, { phase: 'error', failure: pageTimeout(session.audience) }),
        QUERY_TIMEOUT_MS,
      );
      this.setData(loading);
      let answer: Answer;
      try {
        const response = await wx.cloud.callFunction({ name: 'getWaybill', data: check.request });
        answer = answerFor(response.result, session.audience);
      } catch (reason) {
        answer = { phase: 'error', failure: fromRejectedCall(reason, session.audience) };
      }
      this.showAnswer(ticket, answer);
    },

    showAnswer(ticket: number, answer: Answer) {
      const session = sessionOf(this);
      // Only the current query's first outcome counts: after a timeout, an edit or a newer query, a late answer is dropped.
      if (ticket !== session.current || this.data.phase !== 'loading') return;
      stopTimer(session);
      const patch: Record<string, unknown> = { phase: answer.phase };
      if (answer.view !== undefined) patch.view = answer.view;
      if (answer.failure !== undefined) patch.failure = answer.failure;
      const mark = answer.mark ?? null;
      if (mark !== null) {
        session.mark = mark;
        patch[`errors.${mark.field}`] = mark.text;
        if (mark.blocksQuery) patch.canQuery = false;
      }
      this.setData(patch);
      wx.stopPullDownRefresh();
    },

    onRetry() {
      void this.query();
    },

    copyWaybillId() {
      const view = this.data.view;
      if (view === null || view.waybillId === '') return;
      const audience = sessionOf(this).audience;
      let told = false;
      const fail = (): void => {
        if (told) return;
        told = true;
        wx.showToast({
          title: audience === 'developer' ? COPY_FAILED_TEXT.developer : COPY_FAILED_TEXT.user,
          icon: 'none',
          duration: 2500,
        });
      };
      // WeChat shows its own "内容已复制" toast on success. A failure (errno 112 when 剪切板 is not
      // declared in the privacy guide) comes through fail, or as a rejected promise on some base libraries.
      try {
        const pending: unknown = wx.setClipboardData({ data: view.waybillId, fail });
        if (isThenable(pending)) pending.then(undefined, fail);
      } catch {
        fail();
      }
    },
  },
});
