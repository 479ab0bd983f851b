// The 物流轨迹 section's view model: the current stage in Chinese and the
// events as rows of (China time, message), newest first as the function sends
// them; or why there is nothing to show. Only formatted text goes to setData.
import type { Track, TrackStage, WaybillError } from '../../contract/getWaybillContract';
import type { Audience } from './audience';
import { errorReference, unknownCodeDetail } from './failureView';
import { STAGE_TEXT, TRACK_NOTES, UNKNOWN_TRACK_NOTE, trackOmittedText } from './userText';

export interface TrackRow {
  /** `MM-DD HH:mm` in China Standard Time. */
  time: string;
  text: string;
}

/** Colours the current stage: delivered, a problem, or on its way. */
export type StageTone = 'done' | 'problem' | 'moving';

export type TrackView =
  | { state: 'events'; stageText: string; stageTone: StageTone; events: TrackRow[]; omitted?: string }
  | { state: 'empty' }
  | { state: 'unavailable'; note: string; reference: string; retry: boolean; developer?: string };

const CHINA_OFFSET_SECONDS = 8 * 3600;
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Unix seconds as `MM-DD HH:mm` in China Standard Time (UTC+8, no daylight saving), whatever the phone's zone. */
export function chinaTime(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds)) return '';
  const shifted = new Date((unixSeconds + CHINA_OFFSET_SECONDS) * 1000);
  if (Number.isNaN(shifted.getTime())) return '';
  return `${two(shifted.getUTCMonth() + 1)}-${two(shifted.getUTCDate())} ${two(shifted.getUTCHours())}:${two(shifted.getUTCMinutes())}`;
}

function stageText(stage: unknown): string {
  return typeof stage === 'string' && Object.prototype.hasOwnProperty.call(STAGE_TEXT, stage)
    ? STAGE_TEXT[stage as TrackStage]
    : STAGE_TEXT.unknown;
}

function stageTone(stage: unknown): StageTone {
  if (stage === 'delivered') return 'done';
  if (stage === 'collectFailed' || stage === 'deliveryFailed' || stage === 'cancelled' || stage === 'held') return 'problem';
  return 'moving';
}

function unavailable(error: WaybillError | undefined, audience: Audience): TrackView {
  const known = error !== undefined && Object.prototype.hasOwnProperty.call(TRACK_NOTES, error.code) ? TRACK_NOTES[error.code] : undefined;
  const view: TrackView = {
    state: 'unavailable',
    note: known?.note ?? UNKNOWN_TRACK_NOTE,
    reference: error === undefined ? 'UNEXPECTED_RESULT' : errorReference(error),
    retry: known?.retry ?? error?.retryable === true,
  };
  if (audience === 'developer') {
    const unknownCode = error === undefined ? undefined : unknownCodeDetail(error.code);
    const developer = [known?.developerHelp, unknownCode, error?.message]
      .filter((part) => typeof part === 'string' && part !== '')
      .join('\n');
    if (developer !== '') view.developer = developer;
  }
  return view;
}

export function toTrackView(track: Track, audience: Audience): TrackView {
  if (track === null || typeof track !== 'object') return unavailable(undefined, audience);
  if (track.available === false)
    return unavailable(typeof track.error === 'object' && track.error !== null ? track.error : undefined, audience);
  if (track.available !== true || !Array.isArray(track.events)) return unavailable(undefined, audience);
  if (track.events.length === 0) return { state: 'empty' };
  const newest = track.events[0];
  const stage = track.stage ?? newest.stage;
  const view: TrackView = {
    state: 'events',
    stageText: stageText(stage),
    stageTone: stageTone(stage),
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
