// The 物流轨迹 section's view model: the current stage in Chinese, when WeChat
// last confirmed the track, and the events as rows of (China time, message),
// newest first as the function sends them; or why there is nothing to show.
// Only formatted text goes to setData.
import type { Track, TrackStage, WaybillError } from '../../contract/getWaybillContract';
import { own } from '../../contract/own';
import { developerText, type Audience } from './audience';
import { chinaTime } from './chinaTime';
import { errorReference, unknownCodeDetail } from './failureView';
import { STAGE_TEXT, TRACK_NOTES, UNKNOWN_TRACK_NOTE, trackOmittedText, trackUpdatedText, type TrackNote } from './userText';

interface TrackRow {
  /** `MM-DD HH:mm` in China Standard Time. */
  time: string;
  text: string;
}

/** Colours the current stage: delivered, a problem, or on its way. */
type StageTone = 'done' | 'problem' | 'moving';

export type TrackView =
  | { state: 'events'; stageText: string; stageTone: StageTone; updated: string; events: TrackRow[]; omitted?: string }
  | { state: 'empty'; updated: string }
  | { state: 'unavailable'; note: string; reference: string; retry: boolean; developer?: string };

function stageText(stage: unknown): string {
  return own<string>(STAGE_TEXT, typeof stage === 'string' ? stage : undefined) ?? STAGE_TEXT.unknown;
}

function stageTone(stage: TrackStage | null): StageTone {
  if (stage === 'delivered') return 'done';
  if (stage === 'collectFailed' || stage === 'deliveryFailed' || stage === 'cancelled' || stage === 'held') return 'problem';
  return 'moving';
}

function unavailable(error: WaybillError | undefined, audience: Audience): TrackView {
  const known = own<TrackNote>(TRACK_NOTES, error?.code);
  const view: TrackView = {
    state: 'unavailable',
    note: known?.note ?? UNKNOWN_TRACK_NOTE,
    reference: error === undefined ? 'UNEXPECTED_RESULT' : errorReference(error),
    retry: known?.retry ?? error?.retryable === true,
  };
  const unknownCode = error === undefined ? undefined : unknownCodeDetail(error.code);
  const developer = developerText(audience, known?.developerHelp, unknownCode, error?.message);
  if (developer !== undefined) view.developer = developer;
  return view;
}

/**
 * 更新于 … : when WeChat last confirmed the track (a push or a getPath answer,
 * `confirmedAt`); a function older than that field confirmed it when it answered.
 */
function updatedText(confirmedAt: unknown, answeredAt: number): string {
  const time = typeof confirmedAt === 'number' && Number.isFinite(confirmedAt) ? confirmedAt : answeredAt;
  return trackUpdatedText(chinaTime(time));
}

/** `answeredAt`: Unix seconds when the answer came, for a track without `confirmedAt`. */
export function toTrackView(track: Track, audience: Audience, answeredAt: number = Math.floor(Date.now() / 1000)): TrackView {
  if (track === null || typeof track !== 'object') return unavailable(undefined, audience);
  if (track.available === false)
    return unavailable(typeof track.error === 'object' && track.error !== null ? track.error : undefined, audience);
  if (track.available !== true || !Array.isArray(track.events)) return unavailable(undefined, audience);
  const updated = updatedText(track.confirmedAt, answeredAt);
  if (track.events.length === 0) return { state: 'empty', updated };
  const stage = track.stage ?? track.events[0].stage;
  const view: TrackView = {
    state: 'events',
    stageText: stageText(stage),
    stageTone: stageTone(stage),
    updated,
    events: track.events.map((event) => {
      const message = typeof event.message === 'string' ? event.message.trim() : '';
      return { time: chinaTime(event.time), text: message === '' ? stageText(event.stage) : message };
    }),
  };
  if (typeof track.totalEvents === 'number' && track.totalEvents > track.events.length) {
    view.omitted = trackOmittedText(track.events.length, track.totalEvents);
  }
  return view;
}
