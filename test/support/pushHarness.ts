// Way 1 of running waybillPush: main from the TypeScript sources
// (createPushMain), with a fake cloud transport answering getPath with WeChat's
// bodies (read by the real answer reader), a memory store, and the caller's
// SOURCE given. Also the push WeChat sends, as its JSON reaches the function.
import { createPushMain, type PushMain } from '../../cloudfunctions/waybillPush/src/createPushMain';
import { readWeChatAnswer } from '../../cloudfunctions/getWaybill/src/weChatAnswer/readAnswer';
import type { WeChatQuery } from '../../cloudfunctions/getWaybill/src/transportPort';
import type { FakeAnswer } from './functionHarness';
import { memoryTrackStore, type MemoryTrackStore } from './memoryTrackStore';
import { USER } from './people';
import { pathAnswer } from './sampleAnswers';

/** An add_express_path push of the sample waybill, as WeChat Cloud hands it to the function (fields override it). */
export function pathPush(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ToUserName: 'gh_0123456789ab',
    FromUserName: USER,
    CreateTime: 1764400100,
    MsgType: 'event',
    Event: 'add_express_path',
    DeliveryID: 'SF',
    WayBillId: 'SF1234567890',
    OrderId: 'ORDER-001',
    Version: 3,
    Count: 1,
    Actions: [{ ActionTime: 1764400000, ActionType: 300002, ActionMsg: '快件正在派送', Lat: 0, Lng: 0 }],
    ...fields,
  };
}

export interface PushOptions {
  /** cloud.getWXContext().SOURCE (default '', as a push may come). */
  source?: string;
  env?: Record<string, string | undefined>;
  /** getPath's answer (default: the sample track of the waybill asked about). */
  answer?: FakeAnswer;
  store?: MemoryTrackStore;
}

export interface PushUnderTest {
  /** main's answer, or what it rejected with. */
  push(event: unknown): Promise<{ answered?: string; rejected?: unknown }>;
  paths: WeChatQuery[];
  store: MemoryTrackStore;
  lines: string[];
}

export function pushFunctionWith(options: PushOptions = {}, log?: (line: string) => void): PushUnderTest {
  const paths: WeChatQuery[] = [];
  const lines: string[] = [];
  const store = options.store ?? memoryTrackStore();
  const answer: FakeAnswer =
    options.answer ?? ((_api, query) => pathAnswer({ delivery_id: query.deliveryId, waybill_id: query.waybillId }));
  const main: PushMain = createPushMain({
    callerSource: () => options.source ?? '',
    env: { ...options.env },
    cloudTransport: async (api, query) => {
      paths.push(query);
      return readWeChatAnswer(api, await answer(api, query, paths.length));
    },
    trackStoreOf: () => store,
    log: (line) => {
      lines.push(line);
      log?.(line);
    },
    random: () => 0.5,
  });
  return {
    push: (event) =>
      main(event).then(
        (answered) => ({ answered }),
        (rejected: unknown) => ({ rejected }),
      ),
    paths,
    store,
    lines,
  };
}

/** The parsed log line of the last push ({"event":"waybillPush",...}). */
export function lastPushLine(lines: readonly string[]): Record<string, unknown> {
  const line = [...lines].reverse().find((text) => text.startsWith('{"event":"waybillPush"'));
  return JSON.parse(line ?? '{}') as Record<string, unknown>;
}
