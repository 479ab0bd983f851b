// The waybillPush function's main, built around the platform it runs on (the
// caller's SOURCE, the cloud-call transport, the stored tracks' collection;
// wxCloud.ts in the cloud, fakes in tests). Each push gets one log line. A push
// that is stored, or that can never be (malformed, forged, refused by WeChat),
// is answered `success`, so WeChat does not send it again; one that could not
// be stored this time (getPath busy, the database down) makes main reject, so
// that WeChat Cloud delivers it again (it retries 3 times).
import { readSettings } from '../../getWaybill/src/settings';
import { logToConsole, logWarning, withInternalError, writeLogLine, type LogLine } from '../../getWaybill/src/logCall';
import { transportChooser } from '../../getWaybill/src/chooseTransport';
import type { TrackStoreOf } from '../../getWaybill/src/trackStore';
import type { WeChatTransport } from '../../getWaybill/src/transportPort';
import { deliverAgain, receivePush, type PushReceipt } from './receivePush';

export interface PushPlatform {
  /** cloud.getWXContext().SOURCE; '' when there is none. */
  callerSource(): string;
  cloudTransport: WeChatTransport;
  trackStoreOf: TrackStoreOf;
  /** Read on every push: the cloud console can change variables without a redeploy. */
  env: NodeJS.ProcessEnv;
  log?: LogLine;
  random?: () => number;
}

/** What WeChat expects from a push it need not send again. */
const PUSH_RECEIVED = 'success';

export type PushMain = (event: unknown) => Promise<typeof PUSH_RECEIVED>;

/** Thrown to WeChat Cloud for a push that should come again; says nothing of the push. */
class DeliverAgain extends Error {
  constructor(outcome: string) {
    super(`waybillPush: not stored (${outcome}); WeChat delivers the push again`);
    this.name = 'DeliverAgain';
  }
}

export function createPushMain(platform: PushPlatform): PushMain {
  const log = platform.log ?? logToConsole;
  const transportFor = transportChooser(platform.cloudTransport);

  async function receive(event: unknown): Promise<PushReceipt> {
    const startedAt = Date.now();
    try {
      const config = readSettings(platform.env, (warning) => logWarning(warning, log));
      return await receivePush(event, {
        source: platform.callerSource(),
        transport: transportFor(config.transport),
        store: platform.trackStoreOf(config.trackStore.collection),
        deadlineMs: config.deadlineMs,
        attemptTimeoutMs: config.attemptTimeoutMs,
        random: platform.random,
      });
    } catch (thrown) {
      // Only the wiring (the context, the settings) can get here: the service catches its own.
      return { facts: { outcome: 'internal', source: 'other', durationMs: Date.now() - startedAt }, internalError: { thrown } };
    }
  }

  return async (event) => {
    const receipt = await receive(event);
    writeLogLine(withInternalError({ event: 'waybillPush', ...receipt.facts }, receipt.internalError), log);
    if (deliverAgain(receipt.facts.outcome)) throw new DeliverAgain(receipt.facts.outcome);
    return PUSH_RECEIVED;
  };
}
