// The page's view models: what a waybill and its track become before setData,
// and how carriers are named.
import type { Track, TrackStage } from '../../miniprogram/contract/getWaybillContract';
import { CARRIERS, carrierName } from '../../miniprogram/contract/carriers';
import { cloudInitOptions } from '../../miniprogram/cloudEnv';
import { PICKER_CARRIERS, pickerIndex } from '../../miniprogram/pages/waybill/carrierPicker';
import { chinaTime } from '../../miniprogram/components/waybill/chinaTime';
import { toTrackView } from '../../miniprogram/components/waybill/trackView';
import {
  LABEL_NOTES,
  STAGE_TEXT,
  TRACK_NOTES,
  UNKNOWN_CODE_REFERENCE,
  UNKNOWN_TRACK_NOTE,
} from '../../miniprogram/components/waybill/userText';
import { toWaybillView } from '../../miniprogram/components/waybill/waybillView';
import {
  chinaUnix,
  JOURNEY,
  SAMPLE_CONFIRMED_AT,
  sampleTrack,
  sampleWaybill,
  SAMPLE_LABEL_BODY,
} from '../../scripts/pagePictures/sampleWaybill';

describe('toWaybillView', () => {
  test('keeps only what the page shows, rows in WeChat’s order with label or key', () => {
    const view = toWaybillView(sampleWaybill({ track: undefined, labelHtml: null, labelWithheld: true }));
    expect(view).toEqual({
      waybillId: 'SF1400012345678',
      carrier: '顺丰速运',
      statusText: '正常',
      statusTone: 'normal',
      rows: [
        { name: '集包地', value: '华南集散中心' },
        { name: '大头笔', value: '755WF-020' },
        { name: 'SF_sortingCenterRouteCode', value: 'R12' },
      ],
      labelState: 'withheld',
      labelNote: LABEL_NOTES.withheld.note,
    });
  });

  test('developer help about the label is there only for developers', () => {
    const waybill = sampleWaybill({ labelHtml: null, labelWithheld: true });
    expect(toWaybillView(waybill, 'user')).not.toHaveProperty('labelDeveloper');
    expect(toWaybillView(waybill, 'developer').labelDeveloper).toContain('WAYBILL_ADMIN_OPENIDS');
  });

  test('the label is carried once, as rich-text can render it, with no note', () => {
    const view = toWaybillView(sampleWaybill());
    expect(view.labelState).toBe('shown');
    expect(view.labelHtml).toBe(SAMPLE_LABEL_BODY);
    expect(view).not.toHaveProperty('labelNote');
  });

  test('a label with nothing rich-text can show reads as absent', () => {
    const view = toWaybillView(sampleWaybill({ labelHtml: '<html><head><title>t</title></head><body> </body></html>' }));
    expect(view.labelState).toBe('absent');
    expect(view.labelNote).toBe(LABEL_NOTES.absent.note);
    expect(view).not.toHaveProperty('labelHtml');
  });

  test('why a label is missing comes from the contract; a reason this page does not know reads as absent', () => {
    expect(toWaybillView(sampleWaybill({ labelHtml: null, labelUnavailable: 'invalid' })).labelState).toBe('invalid');
    expect(toWaybillView(sampleWaybill({ labelHtml: null })).labelState).toBe('absent');
    expect(toWaybillView(sampleWaybill({ labelHtml: null, labelUnavailable: 'shredded' as never })).labelState).toBe('absent');
  });

  test('status words are the API’s own: 正常, 已取消, or the unknown number', () => {
    expect(toWaybillView(sampleWaybill({ orderStatus: 1, status: 'cancelled' })).statusText).toBe('已取消');
    expect(toWaybillView(sampleWaybill({ orderStatus: -1, status: 'unknown' })).statusText).toBe('未知状态（-1）');
  });

  test('a track is there only when the answer has one', () => {
    expect(toWaybillView(sampleWaybill({ track: undefined }))).not.toHaveProperty('track');
    expect(toWaybillView(sampleWaybill()).track).toMatchObject({ state: 'events', stageText: '派送中' });
  });
});

describe('chinaTime', () => {
  test('is China Standard Time, MM-DD HH:mm', () => {
    expect(chinaTime(chinaUnix(2024, 6, 2, 10, 30))).toBe('06-02 10:30');
    // 16:05 UTC on 31 December is already 00:05 on 1 January in China.
    expect(chinaTime(Date.UTC(2024, 11, 31, 16, 5) / 1000)).toBe('01-01 00:05');
  });

  test('does not depend on the phone’s time zone', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(chinaTime(Date.UTC(2024, 11, 31, 16, 5) / 1000)).toBe('01-01 00:05');
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  test('with the year, as `npm start` prints it', () => {
    expect(chinaTime(Date.parse('2026-11-21T06:02:00Z') / 1000, true)).toBe('2026-11-21 14:02');
    expect(chinaTime(Date.UTC(2024, 11, 31, 16, 5) / 1000, true)).toBe('2025-01-01 00:05');
  });

  test('a time that is not a number shows no time rather than NaN', () => {
    expect(chinaTime(Number.NaN)).toBe('');
    expect(chinaTime(Number.POSITIVE_INFINITY)).toBe('');
    expect(chinaTime(1e20)).toBe('');
  });
});

/** A track of one event at `stage`, as the function sends it. */
function oneEvent(stage: TrackStage, time: number, message: string): Track {
  const event = { time, actionType: 0, stage, message };
  return { ...sampleTrack(0), stage, events: [event], totalEvents: 1 };
}

describe('toTrackView', () => {
  test('events become (China time, message) rows in the order the function sent, newest first', () => {
    const view = toTrackView(sampleTrack(), 'user');
    expect(view).toEqual({
      state: 'events',
      stageText: '已签收',
      stageTone: 'done',
      updated: '更新于 06-02 16:05',
      events: [...JOURNEY].reverse().map((event) => ({ time: chinaTime(event.time), text: event.message })),
    });
  });

  test.each(Object.entries(STAGE_TEXT))('stage %s reads %s', (stage, words) => {
    const view = toTrackView(oneEvent(stage as TrackStage, chinaUnix(2024, 6, 2, 8, 0), ''), 'user');
    // An event without a message reads as its stage.
    expect(view).toMatchObject({ state: 'events', stageText: words, events: [{ text: words }] });
  });

  test.each([
    ['collectFailed', 'problem'],
    ['deliveryFailed', 'problem'],
    ['held', 'problem'],
    ['cancelled', 'problem'],
    ['inTransit', 'moving'],
    ['unknown', 'moving'],
  ])('stage %s is coloured as %s', (stage, tone) => {
    expect(toTrackView(oneEvent(stage as TrackStage, 0, 'x'), 'user')).toMatchObject({ stageTone: tone });
  });

  test('a stage from a newer function reads 其他', () => {
    expect(toTrackView(oneEvent('teleported' as TrackStage, 0, 'x'), 'user')).toMatchObject({ stageText: '其他' });
  });

  test('no events yet is the empty state', () => {
    expect(toTrackView(sampleTrack(0), 'user')).toEqual({ state: 'empty', updated: '更新于 06-02 16:05' });
  });

  test('更新于 is when WeChat last confirmed the track, in China time; from an older function, when it answered', () => {
    expect(toTrackView({ ...sampleTrack(), confirmedAt: SAMPLE_CONFIRMED_AT + 3600 }, 'user')).toMatchObject({
      updated: '更新于 06-02 17:05',
    });
    const older = { ...sampleTrack(), confirmedAt: undefined } as never;
    expect(toTrackView(older, 'user', chinaUnix(2024, 6, 3, 9, 1))).toMatchObject({ updated: '更新于 06-03 09:01' });
  });

  test('events left out by the function are counted in a note', () => {
    const track = { ...sampleTrack(), totalEvents: 130 };
    expect(toTrackView(track, 'user')).toMatchObject({ omitted: '只显示最近 6 条，共 130 条。' });
  });

  test('an unavailable track reads from the catalogue by code, with its reference, retry when it may come back', () => {
    const busy = toTrackView(
      { available: false, error: { code: 'UPSTREAM_BUSY', message: 'Busy.', retryable: true, errCode: -1 } },
      'user',
    );
    expect(busy).toEqual({ state: 'unavailable', note: TRACK_NOTES.UPSTREAM_BUSY.note, reference: 'UPSTREAM_BUSY · -1', retry: true });
    const missing = toTrackView({ available: false, error: { code: 'NOT_FOUND', message: 'No path.', retryable: false } }, 'developer');
    expect(missing).toEqual({
      state: 'unavailable',
      note: TRACK_NOTES.NOT_FOUND.note,
      reference: 'NOT_FOUND',
      retry: false,
      developer: 'No path.',
    });
  });

  test('a track error code outside the catalogue shows customers the generic note; developers also get the code', () => {
    const code = 'orderId must be a string (see WAYBILL_ADMIN_OPENIDS)' as never;
    const error = { code, message: 'Broken.', retryable: true, errCode: -1 };
    expect(toTrackView({ available: false, error }, 'user')).toEqual({
      state: 'unavailable',
      note: UNKNOWN_TRACK_NOTE,
      reference: `${UNKNOWN_CODE_REFERENCE} · -1`,
      retry: true,
    });
    expect(toTrackView({ available: false, error }, 'developer')).toMatchObject({ developer: expect.stringContaining(code) });
  });

  test('a track that is not the contract’s shape reads as unavailable, not a crash', () => {
    expect(toTrackView({ available: true } as never, 'user')).toMatchObject({ state: 'unavailable', retry: false });
    expect(toTrackView({ available: false } as never, 'user')).toMatchObject({ state: 'unavailable', reference: 'UNEXPECTED_RESULT' });
  });
});

describe('carriers', () => {
  test('the picker is the contract’s inPicker carriers, in the contract’s order', () => {
    expect(PICKER_CARRIERS).toEqual(CARRIERS.filter((carrier) => carrier.inPicker));
    expect(pickerIndex('JDL')).toBe(PICKER_CARRIERS.findIndex((carrier) => carrier.name === '京东快递'));
    expect(pickerIndex('JD')).toBe(-1);
    expect(pickerIndex('BEST')).toBe(-1);
  });

  test('a known carrier reads by its name, whether or not the picker offers it; any other by its code', () => {
    expect(carrierName('JTSD')).toBe('极兔快递');
    expect(carrierName('HHTT')).toBe('天天快递');
    expect(carrierName('ZJS')).toBe('ZJS');
  });
});

describe('cloudInitOptions', () => {
  test('no env id means WeChat’s default environment; a pinned id is passed on; users are traced', () => {
    expect(cloudInitOptions('')).toEqual({ traceUser: true });
    expect(cloudInitOptions('prod-1a2b')).toEqual({ env: 'prod-1a2b', traceUser: true });
  });
});
