// The push service: a push is only ever taken as "this waybill changed". Who
// sent it is checked (a mini-program user can call any cloud function of the
// environment), then its fields; the track is read from getPath, as WeChat
// reports it, and stored only if it is newer news (storedTrack.ts). So nothing
// a user sends reaches the store unless WeChat reported it. The push's Version
// and OrderId are recorded only from a push that no client sent.
import { callWithRetries } from '../../getWaybill/src/callWithRetries';
import { loggableCarrier } from '../../getWaybill/src/logCall';
import { foreignTrack, toTrack } from '../../getWaybill/src/toTrack';
import { StoreFailure, storeNews, type StoreFailureKind, type TrackStore } from '../../getWaybill/src/trackStore';
import { fromFailure, isRetryable } from '../../getWaybill/src/waybillErrors';
import { SetupFailure, UpstreamFailure, type WeChatTransport } from '../../getWaybill/src/transportPort';
import { checkPush, type PushCheck } from './pushRules';

/**
 * SOURCE values of callers that are not WeChat's push: the mini program, DevTools,
 * local debugging, the crawler. A chained call names each hop (`wx_client,scf`).
 * What a genuine push carries is not documented (maybe wx_unknown, maybe nothing),
 * so clients are refused rather than one value allowed.
 */
const CLIENT_SOURCES: readonly string[] = ['wx_client', 'wx_devtools', 'wx_localdebug', 'wx_crawler'];

function isClientSource(source: string): boolean {
  return source.split(',').some((hop) => CLIENT_SOURCES.includes(hop.trim()));
}

export interface PushDeps {
  /** cloud.getWXContext().SOURCE, '' when there is none. */
  source: string;
  transport: WeChatTransport | SetupFailure;
  store: TrackStore;
  deadlineMs: number;
  attemptTimeoutMs: number;
  random?: () => number;
}

/** What became of a push; `again` ones are answered so that WeChat delivers them again. */
export type PushOutcome =
  | 'stored'
  | 'unchanged'
  | 'clientSource'
  | 'invalid'
  | 'pathRefused'
  | 'pathNotConfigured'
  | 'pathUnavailable'
  | 'pathBehind'
  | 'foreignTrack'
  | 'notStored'
  | 'storedNotATrack'
  | 'internal';

/**
 * Pushes worth WeChat's retries: getPath busy, behind the push, or refused for a
 * reason the merchant fixes (a permission still being applied, a setting); the
 * database failing; a bug.
 */
const DELIVER_AGAIN: ReadonlySet<PushOutcome> = new Set<PushOutcome>([
  'pathNotConfigured',
  'pathUnavailable',
  'pathBehind',
  'notStored',
  'internal',
]);

export function deliverAgain(outcome: PushOutcome): boolean {
  return DELIVER_AGAIN.has(outcome);
}

/** The push's log line: no order id, waybill id, openid or event text. */
interface PushFacts {
  outcome: PushOutcome;
  /** The caller's SOURCE, when it is made of the platform's plain names. */
  source: string;
  durationMs: number;
  deliveryId?: string;
  field?: string;
  rule?: string;
  version?: number;
  events?: number;
  errCode?: number;
  store?: StoreFailureKind;
}

export interface PushReceipt {
  facts: PushFacts;
  internalError?: { thrown: unknown };
}

/** getPath gets three fifths of the deadline (retries included); the database the rest. */
const PATH_SHARE = 0.6;

const loggableSource = (source: string): string => (/^[a-z_,]{0,80}$/.test(source) ? source : 'other');

function pathFailureOutcome(failure: UpstreamFailure | SetupFailure): PushOutcome {
  if (failure instanceof UpstreamFailure && isRetryable(failure)) return 'pathUnavailable';
  return fromFailure(failure, 'getPath').code === 'NOT_CONFIGURED' ? 'pathNotConfigured' : 'pathRefused';
}

export async function receivePush(event: unknown, deps: PushDeps): Promise<PushReceipt> {
  const startedAt = Date.now();
  const base = { source: loggableSource(deps.source) };
  const done = (facts: Omit<PushFacts, 'source' | 'durationMs'>, internalError?: { thrown: unknown }): PushReceipt => ({
    facts: { ...base, ...facts, durationMs: Date.now() - startedAt },
    ...(internalError === undefined ? {} : { internalError }),
  });
  if (isClientSource(deps.source)) return done({ outcome: 'clientSource' });
  const check: PushCheck = checkPush(event);
  if (!check.ok) return done({ outcome: 'invalid', field: check.field, rule: check.rule });
  const { push } = check;
  const known = { deliveryId: loggableCarrier(push.deliveryId), version: push.version };
  try {
    const transport = deps.transport;
    if (transport instanceof SetupFailure) return done({ ...known, outcome: 'pathNotConfigured' });
    const path = { deliveryId: push.deliveryId, waybillId: push.waybillId, ...(push.openid === undefined ? {} : { openid: push.openid }) };
    const answer = await callWithRetries((attemptDeadlineAt) => transport('getPath', path, { attemptDeadlineAt }), {
      deadlineAt: startedAt + Math.round(deps.deadlineMs * PATH_SHARE),
      attemptTimeoutMs: deps.attemptTimeoutMs,
      isRetryable,
      random: deps.random ?? Math.random,
    });
    if (!answer.ok) {
      const { failure } = answer;
      const errCode = failure instanceof UpstreamFailure && failure.errCode !== undefined ? { errCode: failure.errCode } : {};
      return done({ ...known, outcome: pathFailureOutcome(failure), ...errCode });
    }
    if (foreignTrack(answer.value, path) !== null) return done({ ...known, outcome: 'foreignTrack' });
    const track = toTrack(answer.value);
    // WeChat's own count of the track's events is ahead of what getPath says yet: nothing is
    // stored (the push's Version would mark the older read as its news) and the push comes again.
    if (push.count !== undefined && track.totalEvents < push.count) return done({ ...known, outcome: 'pathBehind' });
    const news = {
      deliveryId: push.deliveryId,
      waybillId: push.waybillId,
      orderId: push.orderId,
      version: push.version,
      source: 'push' as const,
      ...track,
      // getPath was asked for the push's user (when it names one) and answered: that user may be served the track.
      readers: push.openid === undefined ? [] : [push.openid],
    };
    try {
      const outcome = await storeNews(deps.store, news, startedAt + deps.deadlineMs);
      return done({ ...known, outcome, events: track.events.length });
    } catch (thrown) {
      // A document under this waybill's _id that is not a track was written by other code: no
      // redelivery can change it, and it is never overwritten (the collection is the merchant's).
      if (thrown instanceof StoreFailure && thrown.kind === 'unreadable') return done({ ...known, outcome: 'storedNotATrack' });
      if (thrown instanceof StoreFailure) return done({ ...known, outcome: 'notStored', store: thrown.kind });
      throw thrown;
    }
  } catch (thrown) {
    return done({ ...known, outcome: 'internal' }, { thrown });
  }
}
