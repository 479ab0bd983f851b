// The waybill page: a form (order id, carrier, waybill id) that calls the
// getWaybill cloud function and shows the waybill, or why there is none.
// Written with Component() (supported for pages) so miniprogram-simulate can test it.
import type { GetWaybillResult } from '../../contract/getWaybillContract';
import { checkRequest, fieldChecks } from '../../contract/requestRules';
import { CARRIERS, carrierIndex } from './carriers';
import { fromRejectedCall, fromWaybillError, UNEXPECTED_RESULT, type FailureView } from './failureView';
import { toWaybillView, type WaybillView } from './waybillView';

type Phase = 'idle' | 'loading' | 'success' | 'error';
type FormField = 'orderId' | 'deliveryId' | 'waybillId';

interface Form {
  orderId: string;
  deliveryId: string;
  waybillId: string;
}

const FORM_FIELDS: readonly FormField[] = ['orderId', 'deliveryId', 'waybillId'];

/** The request the form describes; an empty waybill id means "not given", as the contract has it. */
function formRequest(form: Form): Record<string, string> {
  const request: Record<string, string> = { orderId: form.orderId, deliveryId: form.deliveryId };
  if (form.waybillId !== '') request.waybillId = form.waybillId;
  return request;
}

/** The shared rule's message for one field ('' when fine), so the page and the function never disagree. */
function fieldError(form: Form, field: FormField): string {
  return fieldChecks[field](formRequest(form)[field])?.message ?? '';
}

function formIsValid(form: Form): boolean {
  return checkRequest(formRequest(form)).ok;
}

type ResultPatch = { phase: Phase; view?: WaybillView; failure?: FailureView };

/** What the page shows for the function's answer; an answer that is not the contract's shape is UNEXPECTED_RESULT, never a crash. */
function patchForResult(result: unknown): ResultPatch {
  if (!isResult(result)) return { phase: 'error', failure: UNEXPECTED_RESULT };
  if (!result.ok) return { phase: 'error', failure: fromWaybillError(result.error) };
  try {
    return { phase: 'success', view: toWaybillView(result.waybill) };
  } catch {
    return { phase: 'error', failure: UNEXPECTED_RESULT };
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

Component({
  data: {
    carriers: CARRIERS,
    carrierIndex: -1,
    orderId: '',
    deliveryId: '',
    waybillId: '',
    // A field's message appears once the user has touched it (or a deep link filled it).
    errors: { orderId: '', deliveryId: '', waybillId: '' } as Record<FormField, string>,
    canQuery: false,
    phase: 'idle' as Phase,
    view: null as WaybillView | null,
    failure: null as FailureView | null,
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
      const index = carrierIndex(form.deliveryId);
      if (index >= 0) patch.carrierIndex = index;
      const canQuery = formIsValid(form);
      if (canQuery) patch.canQuery = true;
      this.setData(patch);
      if (canQuery) void this.query();
    },

    onPullDownRefresh() {
      // Refresh means "ask again", which only makes sense once something was asked.
      if (this.data.phase === 'idle' || this.data.phase === 'loading') {
        wx.stopPullDownRefresh();
        return;
      }
      void this.query();
    },

    onOrderIdInput(event: WechatMiniprogram.Input) {
      this.editField('orderId', event.detail.value);
    },

    onWaybillIdInput(event: WechatMiniprogram.Input) {
      this.editField('waybillId', event.detail.value);
    },

    onCarrierChange(event: WechatMiniprogram.PickerChange) {
      const index = Number(event.detail.value);
      if (!(index >= 0 && index < CARRIERS.length)) return;
      this.editField('deliveryId', CARRIERS[index].id, { carrierIndex: index });
    },

    editField(field: FormField, value: string, extra: Record<string, unknown> = {}) {
      const form: Form = { orderId: this.data.orderId, deliveryId: this.data.deliveryId, waybillId: this.data.waybillId };
      form[field] = value;
      const patch: Record<string, unknown> = { ...extra };
      // The input already shows what was typed; echo it only when it differs, to keep setData small.
      if (this.data[field] !== value) patch[field] = value;
      const error = fieldError(form, field);
      if (this.data.errors[field] !== error) patch[`errors.${field}`] = error;
      const canQuery = formIsValid(form);
      if (this.data.canQuery !== canQuery) patch.canQuery = canQuery;
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    async query() {
      if (this.data.phase === 'loading') return; // a second tap while one query runs does nothing
      const check = checkRequest(formRequest(this.data));
      if (!check.ok) {
        wx.stopPullDownRefresh();
        return;
      }
      const loading: Record<string, unknown> = { phase: 'loading' };
      if (this.data.view !== null) loading.view = null;
      if (this.data.failure !== null) loading.failure = null;
      this.setData(loading);
      let patch: ResultPatch;
      try {
        const response = await wx.cloud.callFunction({ name: 'getWaybill', data: check.request });
        patch = patchForResult(response.result);
      } catch (reason) {
        patch = { phase: 'error', failure: fromRejectedCall(reason) };
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
      // WeChat shows its own "内容已复制" toast on success.
      wx.setClipboardData({ data: view.waybillId });
    },
  },
});
