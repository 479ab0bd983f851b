// The demo page: a form (order id, carrier, waybill id) over the <waybill-card>
// component, which calls getWaybill and shows the waybill, its track and its
// errors. The page keeps what a form needs: each field's rule as the user
// types, a deep link that fills the form and asks at once, the query button,
// and the field the function's answer points at.
// Written with Component() (supported for pages) so miniprogram-simulate can test it.
import { readAudience } from '../../components/waybill/audience';
import type { FieldMark } from '../../components/waybill/failureView';
import type { WaybillCard, WaybillErrorDetail } from '../../components/waybill/index';
import { FIELD_TEXT, FORM_FIELDS, type FormField } from '../../components/waybill/userText';
import { carrierName } from '../../contract/carriers';
import { checkRequest, fieldChecks } from '../../contract/requestRules';
import { PICKER_CARRIERS, pickerIndex } from './carrierPicker';

type Phase = 'idle' | 'loading' | 'success' | 'error';

type Form = Record<FormField, string>;

const NOTHING_ASKED: Form = { orderId: '', deliveryId: '', waybillId: '' };

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

function formOf(data: Form): Form {
  return { orderId: data.orderId, deliveryId: data.deliveryId, waybillId: data.waybillId };
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

/** The field the last answer marked, and whether that mark holds the query button until the field changes (not rendered). */
const marks = new WeakMap<object, FieldMark>();

/** Takes the last answer's field mark off, unless it is on `keep`, whose message the caller sets itself. */
function dropMark(page: object, keep: FormField | null): Record<string, unknown> {
  const mark = marks.get(page);
  marks.delete(page);
  return mark !== undefined && mark.field !== keep ? { [`errors.${mark.field}`]: '' } : {};
}

Component({
  data: {
    /** Develop and trial builds: show API field names beside the form's labels. */
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
    /** What the card was last asked (its properties): empty until the first query, and again after an edit. */
    asked: NOTHING_ASKED,
    phase: 'idle' as Phase,
  },

  lifetimes: {
    attached() {
      if (readAudience() === 'developer') this.setData({ developer: true });
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
      if (canQuery) this.query();
    },

    onUnload() {
      this.card().cancel();
    },

    onPullDownRefresh() {
      // Refresh means "ask again" (the waybill and its track), which only makes sense once something was asked,
      // and not while the answer marks a field that the same question would get marked again.
      if (this.data.phase === 'idle' || this.data.phase === 'loading' || marks.get(this)?.blocksQuery === true) {
        wx.stopPullDownRefresh();
        return;
      }
      void this.card().refresh(); // the answer's load or error event stops the indicator
    },

    card(): WaybillCard {
      return this.selectComponent('#waybill-card') as unknown as WaybillCard;
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
      const form = formOf(this.data);
      form[field] = value;
      const changed = this.data[field] !== value;
      // A result belongs to the form that asked for it: once the form says something else, the card is emptied.
      const patch: Record<string, unknown> = { ...extra };
      if (changed) {
        Object.assign(patch, dropMark(this, field));
        if (this.data.asked.orderId !== '') patch.asked = NOTHING_ASKED;
        if (this.data.phase !== 'idle') patch.phase = 'idle';
        // The input already shows what was typed; echoing it keeps the data true for the next render.
        patch[field] = value;
      }
      const mark = marks.get(this);
      const error = mark?.field === field ? mark.text : fieldError(form, field);
      if (this.data.errors[field] !== error) patch[`errors.${field}`] = error;
      const canQuery = formIsValid(form) && mark?.blocksQuery !== true;
      if (this.data.canQuery !== canQuery) patch.canQuery = canQuery;
      if (Object.keys(patch).length > 0) this.setData(patch);
    },

    query() {
      if (this.data.phase === 'loading') return; // a second tap while one query runs does nothing
      const form = formOf(this.data);
      if (!formIsValid(form) || marks.get(this)?.blocksQuery === true) return;
      // The form locks here, in the same setData that asks: the card's loading event then finds it locked.
      const patch = { ...dropMark(this, null), phase: 'loading' as Phase };
      const asked = this.data.asked;
      if (asked.orderId === form.orderId && asked.deliveryId === form.deliveryId && asked.waybillId === form.waybillId) {
        this.setData(patch);
        void this.card().refresh(); // the same question again: the card's properties do not change
      } else {
        this.setData({ ...patch, asked: form }); // the card asks when its properties change
      }
    },

    onCardLoading() {
      if (this.data.phase !== 'loading') this.setData({ phase: 'loading' });
    },

    onCardLoad() {
      this.setData({ phase: 'success' });
      wx.stopPullDownRefresh();
    },

    onCardError(event: WechatMiniprogram.CustomEvent<WaybillErrorDetail>) {
      const patch: Record<string, unknown> = { phase: 'error' };
      const mark = event.detail.kind === 'error' ? event.detail.field : null;
      if (mark !== null) {
        marks.set(this, mark);
        patch[`errors.${mark.field}`] = mark.text;
        if (mark.blocksQuery) patch.canQuery = false;
      }
      this.setData(patch);
      wx.stopPullDownRefresh();
    },
  },
});
