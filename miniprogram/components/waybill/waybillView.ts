// The view model of a successful query: exactly what the component renders, once.
// setData copies its argument to the render layer, so nothing goes in here
// that the template does not show (npm run bench measures bytes sent against bytes rendered).
import { carrierName } from '../../contract/carriers';
import type { Waybill, WaybillStatus } from '../../contract/getWaybillContract';
import { developerText, type Audience } from './audience';
import { labelForRichText } from './richTextLabel';
import { toTrackView, type TrackView } from './trackView';
import { LABEL_NOTES, statusText, type LabelState } from './userText';

interface WaybillRow {
  /** WeChat's field label (大头笔 ...), or the key itself when it has none. */
  name: string;
  value: string;
}

export interface WaybillView {
  waybillId: string;
  carrier: string;
  statusText: string;
  statusTone: WaybillStatus;
  rows: WaybillRow[];
  labelState: LabelState;
  /** The label body for rich-text; present only when labelState is 'shown'. */
  labelHtml?: string;
  /** Why there is no label, in Chinese; present whenever labelState is not 'shown'. */
  labelNote?: string;
  /** Develop and trial builds only: what a developer can do about the missing label. */
  labelDeveloper?: string;
  /** The 物流轨迹 section; absent when the answer has no `track` (an older function). */
  track?: TrackView;
}

function labelState(waybill: Waybill): LabelState {
  if (waybill.labelWithheld) return 'withheld';
  if (waybill.labelHtml !== null) return 'shown';
  const reason = waybill.labelUnavailable;
  // A reason this page does not know (a newer function) reads as no label rather than breaking the page.
  return reason === 'invalid' || reason === 'tooLarge' ? reason : 'absent';
}

/** `answeredAt`: Unix seconds when the answer came (see toTrackView). */
export function toWaybillView(waybill: Waybill, audience: Audience = 'user', answeredAt?: number): WaybillView {
  const view: WaybillView = {
    waybillId: waybill.waybillId,
    carrier: carrierName(waybill.deliveryId),
    statusText: statusText(waybill.status, waybill.orderStatus),
    statusTone: waybill.status,
    rows: waybill.waybillData.map((field) => ({ name: field.label ?? field.key, value: field.value })),
    labelState: labelState(waybill),
  };
  if (view.labelState === 'shown' && waybill.labelHtml !== null) {
    const labelHtml = labelForRichText(waybill.labelHtml);
    if (labelHtml === '') view.labelState = 'absent';
    else view.labelHtml = labelHtml;
  }
  if (view.labelState !== 'shown') {
    const { note, developerHelp } = LABEL_NOTES[view.labelState];
    view.labelNote = note;
    const developer = developerText(audience, developerHelp);
    if (developer !== undefined) view.labelDeveloper = developer;
  }
  if (waybill.track !== undefined) view.track = toTrackView(waybill.track, audience, answeredAt);
  return view;
}
